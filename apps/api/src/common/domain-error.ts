import { GraphQLError } from 'graphql';
import type { FieldError } from '@loralab/core';

/** The error codes clients can rely on, in GraphQL `extensions.code`. */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  /** PostgreSQL is unreachable for now: retry after `Retry-After` seconds (HTTP 503). */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

/** A failure the caller can act on. Thrown at the source; mapped to GraphQL once, in formatError. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, { extensions: { ...this.extensions, code: this.code } });
  }
}

/** Invalid input: names every field at fault, with `input.` prefixed paths. */
export function badInput(errors: FieldError[], prefix = 'input'): DomainError {
  const fields = errors.map((e) => ({ path: e.path ? `${prefix}.${e.path}` : prefix, message: e.message }));
  const message = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
  return new DomainError(ErrorCode.BadUserInput, message, { field: fields[0]?.path, fields });
}

export const notFound = (what: string, id: string) =>
  new DomainError(ErrorCode.NotFound, `${what} ${id} was not found`, { id });

export const forbidden = (message: string, extra: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.Forbidden, message, extra);
