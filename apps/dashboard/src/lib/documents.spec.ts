import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

// Every GraphQL document the dashboard sends, checked against the committed schema.graphql:
// a renamed or removed field fails here, before any browser test.
const root = resolve(__dirname, '../../../..');
const srcDir = resolve(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) && !name.endsWith('.spec.ts') ? [p] : [];
  });
}

const GQL = /(?:const\s+(\w+)\s*=\s*)?gql`([^`]*)`/g;

function documents() {
  const fragments = new Map<string, string>();
  const docs: Array<{ file: string; text: string }> = [];
  for (const file of files(srcDir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(GQL)) {
      if (m[1] && /^\s*fragment\s/.test(m[2])) fragments.set(m[1], m[2]);
      else docs.push({ file: relative(root, file), text: m[2] });
    }
  }
  return docs.map((d) => ({ ...d, text: d.text.replace(/\$\{(\w+)\}/g, (_, name: string) => fragments.get(name) ?? `#missing ${name}`) }));
}

describe('GraphQL documents', () => {
  const schema = buildSchema(readFileSync(join(root, 'schema.graphql'), 'utf8'));
  const docs = documents();

  it('finds the dashboard documents', () => {
    expect(docs.length).toBeGreaterThanOrEqual(15);
  });

  it.each(docs.map((d, i) => [`${d.file} #${i}`, d] as const))('%s is valid against schema.graphql', (_name, d) => {
    expect(validate(schema, parse(d.text)).map((e) => e.message)).toEqual([]);
  });
});
