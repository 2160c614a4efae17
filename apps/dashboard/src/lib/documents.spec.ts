import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { dashboardDocuments } from '../../../../tools/testing/graphql-documents';

// Every GraphQL document the dashboard sends, checked against the committed schema.graphql:
// a renamed or removed field fails here, before any browser test.
const root = resolve(__dirname, '../../../..');

describe('GraphQL documents', () => {
  const schema = buildSchema(readFileSync(join(root, 'schema.graphql'), 'utf8'));
  const docs = dashboardDocuments();

  it('finds the dashboard documents', () => {
    expect(docs.length).toBeGreaterThanOrEqual(15);
  });

  it.each(docs.map((d, i) => [`${d.file} #${i}`, d] as const))('%s is valid against schema.graphql', (_name, d) => {
    expect(validate(schema, parse(d.text)).map((e) => e.message)).toEqual([]);
  });
});
