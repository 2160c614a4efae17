import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

describe('generated schema types', () => {
  it('match the committed schema.graphql (run `npm run codegen` if not)', async () => {
    const { generate } = await import('./generate.mjs');
    const expected = generate(readFileSync(`${root}/schema.graphql`, 'utf8'));
    expect(readFileSync(`${root}/libs/client/src/generated/schema-types.ts`, 'utf8')).toBe(expected);
  });
});
