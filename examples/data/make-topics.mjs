// Writes examples/data/topics.jsonl: 4-way topic classification ({"text","label"} lines, chance 25%),
// deterministic (mulberry32, seed 7). 900 train lines, 200 eval lines with "split": "eval".
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TOPICS = {
  sport: ['ball', 'goal', 'team', 'race', 'coach', 'score', 'match', 'run'],
  food: ['bread', 'soup', 'rice', 'cake', 'salt', 'meal', 'fruit', 'bean'],
  tech: ['code', 'chip', 'data', 'disk', 'byte', 'wifi', 'app', 'cpu'],
  music: ['song', 'drum', 'band', 'tune', 'note', 'bass', 'jazz', 'choir'],
};
let s = 7;
const rand = () => ((s = (s + 0x6d2b79f5) | 0), (((s ^ (s >>> 15)) * (1 | s)) >>> 0) / 4294967296);
const pick = (a) => a[Math.floor(rand() * a.length)];
const lines = [];
for (let i = 0; i < 1100; i++) {
  const label = pick(Object.keys(TOPICS));
  const text = Array.from({ length: 4 }, () => pick(TOPICS[label])).join(' ');
  lines.push(JSON.stringify(i < 900 ? { text, label } : { text, label, split: 'eval' }));
}
writeFileSync(fileURLToPath(new URL('./topics.jsonl', import.meta.url)), lines.join('\n') + '\n');
