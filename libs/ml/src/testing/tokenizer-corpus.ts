import { Rng } from '../util/rng';

/**
 * A seeded corpus of varied strings to compare tokenizers on: prose, code, digits, CJK,
 * emoji, other scripts, combining marks, whitespace runs, leading spaces, BOMs, control
 * characters and special tokens (whole, glued to text, and broken). Same seed, same strings.
 */
export interface CorpusString {
  kind: string;
  text: string;
}

const WORDS = (
  'the of and to in is was he for it with as his on be at by had are but from or have an they which one you were her all she there would ' +
  'their we him been has when who will more no if out so said what up its about into than them can only other new some could time these ' +
  'two may then do first any my now such like our over man me even most made after also did many before must through back years where much ' +
  'your way well down should because each just those people how too little state good very make world still own see men work long get here ' +
  'between both life being under never day same another know while last might us great old year off come since against go came right used ' +
  'tokenizer Transformer GPU fine-tuning LoRA quantization gradient attention embedding HuggingFace TensorFlow JavaScript naïve café résumé ' +
  'coöperate Zürich façade jalapeño São Paulo Ærøskøbing straße IJssel Ωmega'
).split(' ');
const CONTRACTIONS = ["I'm", "can't", "won't", "it's", "we'll", "they're", "I've", "she'd", "DON'T", "You'RE", "O'Neil", "rock'n'roll"];
const PUNCT = ['.', ',', '!', '?', ';', ':', '...', '—', '–', '-', '"', "'", '(', ')', '[', ']', '«', '»', '“', '”', '‘', '’', '…', '¿', '¡'];
const CODE = [
  'def add(a, b):\n    return a + b\n',
  'for (let i = 0; i < n; i++) {\n\tsum += xs[i];\n}\n',
  'const x = { "key": [1, 2, 3], nested: { ok: true } };',
  '#include <stdio.h>\nint main(void) { printf("%d\\n", 42); return 0; }\n',
  'SELECT id, name FROM users WHERE age >= 18 ORDER BY name DESC;',
  '<div class="row"><span>&nbsp;x &lt; y</span></div>',
  'if x==1:\n\t\tprint(f"{x!r:>10}")\n\telse:\n\t\tpass',
  'fn main() -> Result<(), Box<dyn Error>> { Ok(()) }',
  'export async function* gen() { yield* [..."abc"]; }',
  'x = lambda *args, **kw: (args, kw)  # comment\n',
  '$ npm install --save-dev @types/node && echo "$HOME"\n',
  'matrix[i][j] += alpha * (a[i] @ b[:, j]) ** 2',
  '    \n    \n\treturn;\r\n}\r\n',
  '/* block */ // line\n/** doc @param {string} s */',
  '{"a":null,"b":-1.5e-10,"c":"\\u00e9\\n"}',
];
const CJK = [
  '你好，世界！', '我爱自然语言处理。', '机器学习模型的训练需要大量数据', '東京都は日本の首都です。', 'ひらがなとカタカナ',
  '한국어 문장입니다.', '안녕하세요 여러분', '中文、日本語、한국어の混在テキスト', '「引用」と『書名』', '１２３４５６７８９０（全角）',
  '繁體中文與简体中文', '我们在2024年发布了第3版', '𠀀𠀁𪚥 (CJK Ext-B)',
];
const OTHER_SCRIPTS = [
  'Привет, мир! Съешь же ещё этих мягких французских булок.', 'مرحبا بالعالم، هذا نص عربي.', 'שלום עולם', 'नमस्ते दुनिया, यह हिन्दी है।',
  'สวัสดีชาวโลก', 'Γειά σου Κόσμε', 'Բարեւ աշխարհ', 'ሰላም ለዓለም', 'ᚠᚢᚦᚨᚱᚲ', 'Tiếng Việt có dấu: được, những, người',
  'e\u0301 a\u0300 n\u0303 (combining)', 'Å vs A\u030A vs \u212B', 'ﬁ ﬂ ﬀ ligatures', '½ ² ³ ⅞ Ⅻ ㊿', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕄𝕒𝕥𝕙',
  '∀x∈ℝ: x²≥0 ∧ ∑ᵢ aᵢ ≤ ∞', '© ® ™ § ¶ † ‡ • ‰', '₿ € £ ¥ ₹ ₩ $', 'z\u200Bw\u200Cj\u200Dk', 'soft\u00ADhyphen',
];
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🇫🇷', '🏳️‍🌈', '❤️', '🤖', '🚀', '✨', '🙏🏿', '👩🏻‍💻', '🧑‍🔬', '🐍', '🔥🔥🔥', '☕', '⚡️', '1️⃣', '🫠'];
const SPACES = [' ', '  ', '   ', '        ', '\t', '\t\t', '\n', '\n\n', '\n\n\n', '\r\n', '\r', ' \n ', '\u00A0', '\u3000', '\u2003', '\u2009', '\f', '\v', ' \t \n'];
const CONTROL = ['\u0000', '\u0001', '\u001B[31m', '\u007F', '\u0085', '\uFFFD', '\uFFFF', '\u2028', '\u2029', '\uE000'];
const BROKEN_SPECIALS = ['<|im_', 'im_end|>', '<s', '</s >', '< s>', '<|end_of_text', '<<s>>', '<|<|im_start|>|>', '<start_of_turn', '[INST]', '<unk', '<0x41>', '<|reserved_special_token_'];

function word(rng: Rng): string {
  const w = rng.next() < 0.06 ? rng.pick(CONTRACTIONS) : rng.pick(WORDS);
  const r = rng.next();
  return r < 0.1 ? w[0].toUpperCase() + w.slice(1) : r < 0.13 ? w.toUpperCase() : w;
}

function sentence(rng: Rng): string {
  const n = 3 + rng.int(14);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    parts.push(word(rng));
    if (rng.next() < 0.12) parts[parts.length - 1] += rng.pick(PUNCT);
  }
  const s = parts.join(' ');
  return s[0].toUpperCase() + s.slice(1) + rng.pick(['.', '!', '?', '', '...', ':']);
}

function number(rng: Rng): string {
  const r = rng.int(9);
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(10)).join('');
  if (r === 0) return digits(1 + rng.int(20));
  if (r === 1) return `${digits(1 + rng.int(5))}.${digits(1 + rng.int(6))}`;
  if (r === 2) return `-${digits(1 + rng.int(4))}e${rng.pick(['+', '-', ''])}${digits(1 + rng.int(2))}`;
  if (r === 3) return `${2000 + rng.int(30)}-${digits(2)}-${digits(2)}T${digits(2)}:${digits(2)}:00Z`;
  if (r === 4) return `+1 (${digits(3)}) ${digits(3)}-${digits(4)}`;
  if (r === 5) return (rng.int(1e9) * 1000 + rng.int(1000)).toLocaleString('en-US');
  if (r === 6) return `0x${rng.int(2 ** 31).toString(16)}`;
  if (r === 7) return `${digits(1 + rng.int(3))}%`;
  return `${digits(1 + rng.int(3))}+${digits(1 + rng.int(3))}=${digits(1 + rng.int(4))}`;
}

function fragment(rng: Rng, specials: readonly string[]): string {
  switch (rng.int(10)) {
    case 0:
    case 1:
      return sentence(rng);
    case 2:
      return rng.pick(CODE);
    case 3:
      return number(rng);
    case 4:
      return rng.pick(CJK);
    case 5:
      return rng.pick(OTHER_SCRIPTS);
    case 6:
      return Array.from({ length: 1 + rng.int(4) }, () => rng.pick(EMOJI)).join(rng.next() < 0.5 ? '' : ' ');
    case 7:
      return rng.pick(SPACES).repeat(1 + rng.int(3));
    case 8:
      return specials.length && rng.next() < 0.7 ? rng.pick(specials) : rng.pick(BROKEN_SPECIALS);
    default:
      return rng.pick(CONTROL) + word(rng);
  }
}

/**
 * `count` strings: a run of each kind alone, then mixtures of 2 to 6 fragments joined with
 * whatever separator the draw gives (none, a space, a newline, …). `specials`: the special
 * tokens of the tokenizer under test, put into the text.
 */
export function tokenizerCorpus(seed: number, count: number, specials: readonly string[] = []): CorpusString[] {
  const rng = new Rng(seed);
  const out: CorpusString[] = [];
  const add = (kind: string, text: string) => out.push({ kind, text });
  const fixed: Array<[string, string]> = [
    ['empty', ''],
    ['space', ' '],
    ['digits', '1234567'],
    ['digits', '3.14159265358979323846'],
    ['special', '<|endoftext|>'],
    ['bom', '\uFEFF'],
    ['bom', '\uFEFFHello world'],
    ['leading-space', ' Hello'],
    ['leading-space', '   indented'],
    ['whitespace', '\n\n\n\t \t   \r\n  '],
    ['emoji', '👨‍👩‍👧‍👦👍🏽🇫🇷'],
  ];
  for (const [k, t] of fixed) add(k, t);
  for (const s of specials) {
    add('special', s);
    add('special', `Hello ${s} world`);
    add('special', `${s}${s}x`);
  }
  const per = Math.floor(count / 10);
  for (let i = 0; i < per; i++) add('prose', Array.from({ length: 1 + rng.int(4) }, () => sentence(rng)).join(rng.pick([' ', '  ', '\n', '\n\n'])));
  for (let i = 0; i < per / 2; i++) add('code', Array.from({ length: 1 + rng.int(3) }, () => rng.pick(CODE)).join(rng.pick(['', '\n', '\n\n'])));
  for (let i = 0; i < per / 2; i++) add('digits', Array.from({ length: 1 + rng.int(4) }, () => number(rng)).join(rng.pick([' ', ', ', '', '\n'])));
  for (let i = 0; i < per / 2; i++) add('cjk', Array.from({ length: 1 + rng.int(3) }, () => rng.pick(CJK)).join(rng.pick(['', ' ', '\n'])));
  for (let i = 0; i < per / 2; i++) add('emoji', `${sentence(rng)} ${Array.from({ length: 1 + rng.int(5) }, () => rng.pick(EMOJI)).join('')}`);
  for (let i = 0; i < per / 2; i++) {
    add('whitespace', `${rng.pick(SPACES).repeat(1 + rng.int(4))}${word(rng)}${rng.pick(SPACES).repeat(1 + rng.int(4))}${word(rng)}${rng.pick(SPACES)}`);
  }
  for (let i = 0; i < per / 2; i++) add('leading-space', `${' '.repeat(1 + rng.int(6))}${sentence(rng)}`);
  for (let i = 0; i < per / 4; i++) add('bom', `${rng.next() < 0.5 ? '\uFEFF' : ''}${sentence(rng)}\uFEFF${word(rng)}`);
  for (let i = 0; i < per; i++) {
    const n = 1 + rng.int(3);
    const parts = Array.from({ length: n }, () => sentence(rng));
    const at = rng.int(n + 1);
    const sp = specials.length ? rng.pick(specials) : rng.pick(BROKEN_SPECIALS);
    parts.splice(at, 0, rng.next() < 0.3 ? rng.pick(BROKEN_SPECIALS) : sp);
    add('special', parts.join(rng.pick(['', ' ', '\n'])));
  }
  while (out.length < count) {
    const n = 2 + rng.int(5);
    const seps = ['', ' ', '\n', '  ', '\t', ', '];
    add('mixed', Array.from({ length: n }, () => fragment(rng, specials)).join(rng.pick(seps)));
  }
  return out;
}
