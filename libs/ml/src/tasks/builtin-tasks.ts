import { MlError } from '../util/ml.error';
import { Rng } from '../util/rng';
import type { Dataset, Example } from './task.types';

export interface BuiltinTaskOptions {
  seed: number;
  trainSize?: number;
  evalSize?: number;
}

const TOPICS: Record<string, string[]> = {
  sport: ['ball', 'goal', 'team', 'race', 'coach', 'score', 'match', 'run'],
  food: ['bread', 'soup', 'rice', 'cake', 'salt', 'meal', 'fruit', 'bean'],
  tech: ['code', 'chip', 'data', 'disk', 'byte', 'wifi', 'app', 'cpu'],
  music: ['song', 'drum', 'band', 'tune', 'note', 'bass', 'jazz', 'choir'],
};

/** Topic classification: four words from one of four topics; the label is the topic (chance 25%). */
function topicTask(rng: Rng, n: number): Example[] {
  const topics = Object.keys(TOPICS);
  return Array.from({ length: n }, () => {
    const topic = rng.pick(topics);
    const words = Array.from({ length: 4 }, () => rng.pick(TOPICS[topic]));
    return { prompt: `${words.join(' ')}:`, completion: ` ${topic}\n` };
  });
}

const MODULUS = 7;
/** Modular addition: `a+b=` -> `(a + b) mod 7` (chance about 14%). */
function modAddTask(rng: Rng, n: number): Example[] {
  return Array.from({ length: n }, () => {
    const a = rng.int(MODULUS);
    const b = rng.int(MODULUS);
    return { prompt: `${a}+${b}=`, completion: `${(a + b) % MODULUS}\n` };
  });
}

/** Sequence transformation: reverse a 3-5 letter string over a six-letter alphabet. */
function reverseTask(rng: Rng, n: number): Example[] {
  const letters = 'abcdef';
  return Array.from({ length: n }, () => {
    const len = 3 + rng.int(3);
    const s = Array.from({ length: len }, () => rng.pick(letters.split(''))).join('');
    return { prompt: `${s}>`, completion: `${s.split('').reverse().join('')}\n` };
  });
}

export const BUILTIN_TASKS = {
  topic: { kind: 'classification', make: topicTask, labels: Object.keys(TOPICS).map((t) => ` ${t}\n`) },
  'mod-add': { kind: 'generation', make: modAddTask },
  reverse: { kind: 'generation', make: reverseTask },
} as const;

export type BuiltinTaskName = keyof typeof BUILTIN_TASKS;

/**
 * A built-in task generated from `seed`: disjoint train and eval splits (eval examples whose
 * prompt also occurs in train are kept only for tasks whose input space is small).
 */
export function builtinTask(name: string, options: BuiltinTaskOptions): Dataset {
  const task = (BUILTIN_TASKS as Record<string, (typeof BUILTIN_TASKS)[BuiltinTaskName]>)[name];
  if (!task) throw new MlError('DATASET_UNREADABLE', `unknown built-in task "${name}" (known: ${Object.keys(BUILTIN_TASKS).join(', ')})`);
  const rng = new Rng(options.seed).fork(`task:${name}`);
  const trainSize = options.trainSize ?? 2000;
  const evalSize = options.evalSize ?? 200;
  const train = task.make(rng.fork('train'), trainSize);
  const seen = new Set(train.map((e) => e.prompt));
  let evalSet = task.make(rng.fork('eval'), evalSize * 4).filter((e) => !seen.has(e.prompt));
  if (evalSet.length < evalSize) evalSet = task.make(rng.fork('eval'), evalSize); // small input space (mod-add)
  return {
    name: `builtin:${name}`,
    kind: task.kind,
    train,
    eval: evalSet.slice(0, evalSize),
    labels: 'labels' in task ? [...task.labels] : undefined,
    stop: '\n',
  };
}
