import { z } from 'zod';

/**
 * How a run reads its dataset file: the record format, which tokens carry the loss, packing
 * and where the eval split comes from. One table, as `TRAINING_SETTINGS`: the zod schema, the
 * GraphQL types (apps/api), the sweep file and the dashboard builder are built from it.
 */

/** Record formats of a dataset file (`AUTO`: told from the first record's fields). */
export const DATASET_FORMATS = ['AUTO', 'ALPACA', 'SHAREGPT', 'MESSAGES', 'PROMPT_COMPLETION', 'TEXT_LABEL', 'TEXT'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** Which tokens carry the loss: the completion (answer, assistant turns) only, or every token. */
export const TRAIN_ON = ['COMPLETION', 'ALL'] as const;
export type TrainOn = (typeof TRAIN_ON)[number];

/** What each format's records hold, for descriptions and docs. */
export const DATASET_FORMAT_FIELDS: Record<DatasetFormat, string> = {
  AUTO: 'any format below, told from the first record\'s fields: `messages`, `conversations`, `instruction`, `prompt`/`completion`, `label`, then `text`',
  ALPACA: '`instruction`, optional `input` and `system`, `output`',
  SHAREGPT: '`conversations`: a list of `{ from, value }` (from: system, human/user, gpt/assistant)',
  MESSAGES: '`messages`: a list of `{ role, content }`, rendered with the model\'s chat template',
  PROMPT_COMPLETION: '`prompt`, `completion`',
  TEXT_LABEL: '`text`, `label` (classification)',
  TEXT: '`text` (plain causal language modelling)',
};

export const DEFAULT_EVAL_FRACTION = 0.1;

export const datasetSettingsSchema = z
  .strictObject({
    format: z.enum(DATASET_FORMATS, { error: `must be one of ${DATASET_FORMATS.join(', ')}` }).default('AUTO'),
    trainOn: z.enum(TRAIN_ON, { error: `must be one of ${TRAIN_ON.join(', ')}` }).default('COMPLETION'),
    packing: z.boolean({ error: 'must be true or false' }).default(false),
    evalDataset: z.string({ error: 'must name a file' }).trim().min(1, 'must name a file').max(1000).nullish(),
    evalFraction: z
      .number({ error: 'must be a number' })
      .gt(0, 'must be greater than 0')
      .lt(1, 'must be less than 1')
      .nullish(),
  })
  .superRefine((s, ctx) => {
    if (s.evalDataset != null && s.evalFraction != null) {
      ctx.addIssue({ code: 'custom', path: ['evalFraction'], message: 'give either evalDataset or evalFraction, not both' });
    }
  });

export type DatasetSettingsInput = z.input<typeof datasetSettingsSchema>;
export type DatasetSettings = z.output<typeof datasetSettingsSchema>;

/** The defaults, for run configurations stored before dataset settings existed. */
export const DEFAULT_DATASET_SETTINGS: DatasetSettings = datasetSettingsSchema.parse({});

/** Stored settings with the defaults of those they predate. */
export function completeDatasetSettings(stored: Partial<DatasetSettings> | null | undefined): DatasetSettings & { evalDataset: string | null; evalFraction: number | null } {
  const s = { ...DEFAULT_DATASET_SETTINGS, ...stored };
  return { ...s, evalDataset: s.evalDataset ?? null, evalFraction: s.evalFraction ?? null };
}

/** Descriptions of each setting (GraphQL, docs). */
export const DATASET_SETTING_DESCRIPTIONS: Record<keyof DatasetSettings, string> = {
  format: 'Record format of the dataset file (default AUTO: told from the first record\'s fields).',
  trainOn: 'Tokens that carry the loss: COMPLETION (the completion, output, label or assistant turns; default) or ALL.',
  packing:
    'Pack several examples into each sequence of sequenceLength tokens (default false); positions run on across examples and attention is not blocked between them.',
  evalDataset: 'A separate eval file (same format); default: the file\'s `split` field, else a seeded fraction.',
  evalFraction: `Fraction of the records held out for eval, drawn with the run's seed, when there is no evalDataset and no \`split\` field (0 < x < 1, default ${DEFAULT_EVAL_FRACTION}).`,
};
