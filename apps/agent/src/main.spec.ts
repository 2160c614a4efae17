import { describe, expect, it } from 'vitest';
import { main } from './main';

/** Runs the CLI in-process, capturing what it writes. */
async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

describe('loralab command line', () => {
  it('gives each subcommand its own options in --help', async () => {
    const help = async (...c: string[]) => {
      const r = await run(...c, '--help');
      expect(r.code).toBe(0);
      return r.stdout;
    };
    expect(await help()).toMatch(/Usage: loralab \[options\] \[command\][\s\S]*agent[\s\S]*report/);
    const agent = await help('agent');
    expect(agent).toContain('--checkpoint-every <n>');
    expect(agent).not.toContain('--format');
    const report = await help('report');
    expect(report).toMatch(/--format <f>[\s\S]*"md", "csv", "json"/);
    expect(report).not.toContain('--checkpoint-every');
    expect(await help('sweep', 'create')).toContain('-f, --file <file>');
    expect(await help('pretrain')).not.toContain('--api-key');
    expect(await help('artifacts', 'download')).toMatch(/-o, --output <dir>[\s\S]*--checkpoints/);
  });

  it.each([
    [['agent', '--max-runs', '2.5'], /--max-runs <n>' argument '2.5' is invalid. must be a whole number of at least 1/],
    [['agent', '--checkpoint-every', '-1'], /--checkpoint-every <n>' argument '-1' is invalid/],
    [['agent', '--device-memory', '1e9'], /--device-memory <bytes>' argument '1e9' is invalid/],
    [['agent', '--poll', 'soon'], /--poll <ms>' argument 'soon' is invalid/],
    [['report', 'x', '--format', 'pdf'], /Allowed choices are md, csv, json/],
    [['sweep', 'create'], /required option '-f, --file <file>' not specified/],
    [['estimate', '-f', 'x.yaml', '--checkpoint-every', '3'], /unknown option '--checkpoint-every'/],
    [['bogus'], /unknown command 'bogus'/],
  ])('refuses %j with a usage error (status 2) before doing anything', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('prints the overview and fails without a command', async () => {
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Usage: loralab');
  });
});
