import { BUILTIN_TASKS, type BuiltinTaskName } from '../tasks/builtin-tasks';
import { Rng } from '../util/rng';

export interface CorpusOptions {
  seed: number;
  /** Lines of text (default 4000). */
  lines?: number;
}

const SUBJECTS = ['the cat', 'a dog', 'the team', 'my friend', 'the coach', 'a bird', 'the band', 'our cook'];
const VERBS = ['sees', 'likes', 'finds', 'makes', 'takes', 'wants', 'holds', 'keeps'];
const ADJECTIVES = ['big', 'small', 'red', 'old', 'new', 'warm', 'fast', 'quiet'];
const OBJECTS = ['ball', 'song', 'cake', 'book', 'code', 'drum', 'bread', 'map'];
const PLACES = ['at home', 'in the park', 'by the sea', 'at noon', 'on the road', 'in town'];

/** A short sentence from a small grammar: subject, verb, optional adjective, object, optional place. */
function sentence(rng: Rng): string {
  const adjective = rng.next() < 0.5 ? `${rng.pick(ADJECTIVES)} ` : '';
  const place = rng.next() < 0.4 ? ` ${rng.pick(PLACES)}` : '';
  return `${rng.pick(SUBJECTS)} ${rng.pick(VERBS)} the ${adjective}${rng.pick(OBJECTS)}${place}.`;
}

/** Counting and small sums: regular patterns a model can learn beyond letter frequencies. */
function numbers(rng: Rng): string {
  if (rng.next() < 0.5) {
    const start = rng.int(20);
    return Array.from({ length: 5 }, (_, i) => start + i).join(' ');
  }
  const a = rng.int(10);
  const b = rng.int(10);
  return `${a} plus ${b} is ${a + b}.`;
}

/**
 * A deterministic text corpus for pretraining the built-in bases: one line each of simple
 * sentences, counting and sums, and examples in the format of the built-in tasks (`topic`,
 * `mod-add`, `reverse`), so a pretrained base already knows their alphabet and layout.
 * Same seed, same lines.
 */
export function generateCorpus(options: CorpusOptions): string[] {
  const rng = new Rng(options.seed).fork('corpus');
  const count = options.lines ?? 4000;
  const tasks = Object.keys(BUILTIN_TASKS) as BuiltinTaskName[];
  const taskRngs = tasks.map((t) => rng.fork(`task:${t}`));
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rng.next();
    if (kind < 0.5) lines.push(`${sentence(rng)}\n`);
    else if (kind < 0.65) lines.push(`${numbers(rng)}\n`);
    else {
      const k = rng.int(tasks.length);
      const [example] = BUILTIN_TASKS[tasks[k]].make(taskRngs[k], 1);
      lines.push(example.prompt + example.completion);
    }
  }
  return lines;
}
