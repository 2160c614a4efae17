import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('generated schema types', () => {
  it('match the committed schema.graphql (run `npm run codegen` if not)', async () => {
    const gen = (await import('./generate.mjs')) as { generate(sdl: string): string };
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const expected = gen.generate(readFileSync(`${root}schema.graphql`, 'utf8'));
    expect(readFileSync(`${root}libs/client/src/generated/schema-types.ts`, 'utf8')).toBe(expected);
  });
});
