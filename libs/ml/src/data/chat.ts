import { JinjaTemplate } from '../tokenizer/hf-libs';
import type { ChatMessage, Tokenizer } from '../tokenizer/tokenizer.types';
import { MlError } from '../util/ml.error';
import type { Example, Segment } from '../tasks/task.types';

/**
 * The template of a tokenizer that has none (the built-in models' byte tokenizer): one line per
 * turn, `role: content`, and `assistant: ` as the generation prompt.
 */
export const DEFAULT_CHAT_TEMPLATE =
  "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}{% if add_generation_prompt %}assistant: {% endif %}";

let defaultTemplate: JinjaTemplate | undefined;

/** `messages` rendered with the tokenizer's chat template, or `DEFAULT_CHAT_TEMPLATE` when it has none. */
export function renderChat(tok: Tokenizer, messages: ChatMessage[], addGenerationPrompt: boolean): string {
  if (tok.hasChatTemplate()) return tok.applyChatTemplate(messages, { addGenerationPrompt });
  defaultTemplate ??= new JinjaTemplate(DEFAULT_CHAT_TEMPLATE);
  return defaultTemplate.render({ messages, add_generation_prompt: addGenerationPrompt });
}

/**
 * What the template writes after an assistant turn's content (`<|im_end|>\n`, `\n`): where a
 * generated answer ends.
 */
export function assistantTurnEnd(tok: Tokenizer): string {
  const marker = '\u0000END\u0000';
  const text = renderChat(tok, [{ role: 'user', content: 'q' }, { role: 'assistant', content: marker }], false);
  const end = text.slice(text.indexOf(marker) + marker.length);
  if (!end) throw new MlError('INVALID_ARGUMENT', 'the chat template writes nothing after an assistant turn: no way to tell where an answer ends');
  return end;
}

/**
 * A conversation as an example, as TRL's `assistant_only_loss` and LLaMA-Factory do it: the
 * template renders the conversation up to each assistant turn with the generation prompt, and up
 * to the end of that turn; what lies between is the turn (content and end marker) and carries the
 * loss. A template that renders earlier turns differently once later ones follow (Qwen3 drops
 * earlier reasoning) trains on the last assistant turn only. `prompt`/`completion` are the last
 * turn, for evaluation.
 */
export function chatExample(tok: Tokenizer, messages: ChatMessage[]): Example {
  const full = renderChat(tok, messages, false);
  const last = messages.length - 1;
  const prompt = renderChat(tok, messages.slice(0, last), true);
  if (!full.startsWith(prompt)) {
    throw new MlError('INVALID_ARGUMENT', 'the chat template does not render the conversation as its prefix plus the last turn: cannot tell the answer apart');
  }
  const completion = full.slice(prompt.length);
  const segments: Segment[] = [];
  let pos = 0;
  for (let i = 0; i < messages.length; i++) {
    if (messages[i].role !== 'assistant') continue;
    const before = renderChat(tok, messages.slice(0, i), true);
    const through = renderChat(tok, messages.slice(0, i + 1), false);
    if (!full.startsWith(through) || !through.startsWith(before) || before.length < pos) {
      return { prompt, completion, segments: [{ text: prompt, train: false }, { text: completion, train: true }] };
    }
    if (before.length > pos) segments.push({ text: full.slice(pos, before.length), train: false });
    segments.push({ text: through.slice(before.length), train: true });
    pos = through.length;
  }
  if (pos < full.length) segments.push({ text: full.slice(pos), train: false });
  return { prompt, completion, segments };
}
