import { readFileSync } from 'node:fs';
import { buildSchema, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printApiSchema, SCHEMA_FILE } from '../src/emit-schema';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:emit` after changing types)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await printApiSchema());
  });

  it('describes every type and field', () => {
    const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const roots = new Set(['Query', 'Mutation', 'Subscription']);
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!(isObjectType(type) || isInputObjectType(type) || isInterfaceType(type))) continue;
      if (!roots.has(type.name) && !type.description) missing.push(type.name);
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
