import { GraphQLError } from 'graphql';
import type { FieldError } from '@loralab/core';

/** The error codes clients can rely on, in GraphQL `extensions.code`. */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  QueryTooCostly = 'QUERY_TOO_COSTLY',
  RateLimited = 'RATE_LIMITED',
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

/** A name already in use: CONFLICT, with the field as badInput names it (forms show it there). */
export const nameTaken = (message: string, field = 'input.name') =>
  new DomainError(ErrorCode.Conflict, message, { field, fields: [{ path: field, message }] });

/** Whether a database error is a unique-constraint violation (SQLSTATE 23505), such as two concurrent creates of one name. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === '23505' || e?.driverError?.code === '23505';
}
