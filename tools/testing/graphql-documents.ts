import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Kind, parse } from 'graphql';
import * as client from '@loralab/client';

/** The GraphQL documents our own clients send, read from their sources (for checks against the schema and the API's limits). */
export interface SourceDocument {
  file: string;
  /** The operation's name (README examples: none). */
  name?: string;
  /** The document as it is sent: the operation with the fragments it spreads. */
  text: string;
  variables?: Record<string, unknown>;
}

const root = resolve(__dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) && !name.endsWith('.spec.ts') ? [p] : [];
  });
}

/** The generated document of each operation, by name (what `npm run codegen` validated and the client posts). */
const generated = new Map<string, string>();
for (const value of Object.values(client)) {
  if (value instanceof client.TypedDocumentString && !value.__meta__?.fragmentName) {
    const text = value.toString();
    const op = parse(text).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (op?.kind === Kind.OPERATION_DEFINITION && op.name) generated.set(op.name.value, text);
  }
}

// A graphql(`…`) document of the client preset is a plain template literal (codegen refuses
// interpolation), so the call's text is exactly the document codegen read.
const GRAPHQL_CALL = /\bgraphql\(\s*`([^`]*)`\s*\)/g;

/** The operations of the `graphql()` documents in the sources under `dir`, as they are sent. */
function operationsUnder(dir: string): SourceDocument[] {
  const out: SourceDocument[] = [];
  for (const file of files(join(root, dir))) {
    for (const m of readFileSync(file, 'utf8').matchAll(GRAPHQL_CALL)) {
      for (const d of parse(m[1]).definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION || !d.name) continue;
        const text = generated.get(d.name.value);
        if (!text) throw new Error(`${relative(root, file)}: operation ${d.name.value} is not in the generated documents; run \`npm run codegen\``);
        out.push({ file: relative(root, file), name: d.name.value, text });
      }
    }
  }
  return out;
}

/** Every operation the dashboard sends. */
export function dashboardDocuments(): SourceDocument[] {
  return operationsUnder('apps/dashboard/src');
}

/** Every operation of the CLI and the agent. */
export function agentDocuments(): SourceDocument[] {
  return operationsUnder('apps/agent/src');
}

/** The curl examples of the README (`gql '{"query": ..., "variables": ...}'`), shell variables as placeholders. */
export function readmeDocuments(): SourceDocument[] {
  const source = readFileSync(join(root, 'README.md'), 'utf8');
  return [...source.matchAll(/^gql '(\{[\s\S]*?\})'$/gm)].map((m) => {
    const json = JSON.parse(m[1].replace(/'\$(\w+)'/g, 'placeholder-$1').replace(/\n\s*/g, ' ')) as { query: string; variables?: Record<string, unknown> };
    return { file: 'README.md', text: json.query, variables: json.variables };
  });
}
