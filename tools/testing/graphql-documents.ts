import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** The GraphQL documents our own clients send, read from their sources (for checks against the schema and the API's limits). */
export interface SourceDocument {
  file: string;
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

/** Every `gql` document of the dashboard, with its `${FRAGMENT}` interpolations filled in. */
export function dashboardDocuments(): SourceDocument[] {
  const GQL = /(?:const\s+(\w+)\s*=\s*)?gql`([^`]*)`/g;
  const fragments = new Map<string, string>();
  const docs: SourceDocument[] = [];
  for (const file of files(join(root, 'apps/dashboard/src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(GQL)) {
      if (m[1] && /^\s*fragment\s/.test(m[2])) fragments.set(m[1], m[2]);
      else docs.push({ file: relative(root, file), text: m[2] });
    }
  }
  return docs.map((d) => ({ ...d, text: d.text.replace(/\$\{(\w+)\}/g, (_, name: string) => fragments.get(name) ?? `#missing ${name}`) }));
}

/** Every operation of the CLI and agent (apps/agent/src/client/operations.ts), selections filled in. */
export function agentDocuments(): SourceDocument[] {
  const file = 'apps/agent/src/client/operations.ts';
  const source = readFileSync(join(root, file), 'utf8');
  const parts = new Map<string, string>();
  for (const m of source.matchAll(/const (\w+) = `([^`]*)`;/g)) parts.set(m[1], m[2]);
  const fill = (s: string): string => s.replace(/\$\{(\w+)\}/g, (_, name: string) => fill(parts.get(name) ?? `#missing ${name}`));
  return [...source.matchAll(/`((?:mutation|query|\{)[^`]*)`/g)].map((m) => ({ file, text: fill(m[1]) }));
}

/** The curl examples of the README (`gql '{"query": ..., "variables": ...}'`), shell variables as placeholders. */
export function readmeDocuments(): SourceDocument[] {
  const source = readFileSync(join(root, 'README.md'), 'utf8');
  return [...source.matchAll(/^gql '(\{[\s\S]*?\})'$/gm)].map((m) => {
    const json = JSON.parse(m[1].replace(/'\$(\w+)'/g, 'placeholder-$1').replace(/\n\s*/g, ' ')) as { query: string; variables?: Record<string, unknown> };
    return { file: 'README.md', text: json.query, variables: json.variables };
  });
}
