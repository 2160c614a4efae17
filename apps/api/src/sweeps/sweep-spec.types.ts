import {
  DATASET_SETTING_DESCRIPTIONS,
  describeBounds,
  isRange,
  rangeFieldName,
  SWEEP_DIMENSIONS,
  TRAINING_SETTINGS,
  type Dimension,
  type FieldError,
  type NumberRange,
  type TrainingSetting,
  type DatasetFormat,
  type TrainOn,
} from '@loralab/core';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { DatasetFormatEnum, graphqlEnumOf, TrainOnEnum } from '../common/enums';

/**
 * The GraphQL types of the sweep spec, built from its tables in @loralab/core (SWEEP_DIMENSIONS,
 * TRAINING_SETTINGS): names, types, nullability, bounds and defaults in the descriptions. A
 * setting added there appears here, in createSweep, estimateMemory, Sweep and Run.config.
 * Validation is the core schema's (`planSweep`); these types only carry the values.
 */

type FieldSpec = { type: () => unknown; nullable?: boolean; description: string };

function addFields(target: { prototype: object }, fields: Record<string, FieldSpec>): void {
  for (const [name, f] of Object.entries(fields)) {
    Field(f.type as never, { nullable: f.nullable ?? false, description: f.description })(target.prototype, name);
  }
}

const map = <T, U>(table: Record<string, T>, f: (v: T, key: string) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(table).map(([k, v]) => [k, f(v, k)]));

const dimensions = SWEEP_DIMENSIONS as Record<string, Dimension>;
const settings = TRAINING_SETTINGS as Record<string, TrainingSetting>;

/** The GraphQL type of one value of a dimension. */
function valueType(d: Dimension): () => unknown {
  switch (d.kind) {
    case 'number':
      return () => (d.bounds.int ? Int : Float);
    case 'boolean':
      return () => Boolean;
    case 'enum':
      return () => graphqlEnumOf(d.values);
    case 'enumSet':
      return () => [graphqlEnumOf(d.values)];
  }
}

const listOf = (item: () => unknown) => () => [item()];
const sentence = (s: string) => s.replace(/\.$/, '');

function valuesDescription(d: Dimension): string {
  const notes = [d.kind === 'number' ? `each ${describeBounds(d.bounds)}` : '', d.default ? `default ${JSON.stringify(d.default)}` : ''];
  const note = notes.filter(Boolean).join('; ');
  return `Values to try${note ? ` (${note})` : ''}. ${d.description}`;
}

function settingDescription(s: TrainingSetting): string {
  const clamp = s.atMost ? `; at most \`${s.atMost}\`, and the default is clamped to it` : '';
  return `${sentence(s.description)}: ${describeBounds(s.bounds)} (default ${s.default}${clamp}).`;
}

@InputType({ description: 'Training settings; omitted fields take their defaults.' })
export class TrainingSettingsInput {}
addFields(TrainingSettingsInput, map(settings, (s) => ({ type: () => Int, nullable: true, description: settingDescription(s) })));

@ObjectType({ simpleResolvers: true, description: 'Training settings shared by every run of a sweep.' })
export class TrainingSettings {}
addFields(TrainingSettings, map(settings, (s) => ({ type: () => Int, description: s.description })));

@InputType({ description: 'A continuous range of a number dimension (RANDOM and BAYES sample it; GRID refuses it).' })
export class FloatRangeInput {
  @Field(() => Float, { description: 'Lower end, inclusive; within the dimension\'s bounds and below `max`.' })
  min!: number;

  @Field(() => Float, { description: 'Upper end, inclusive; within the dimension\'s bounds.' })
  max!: number;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Sample log-uniformly (needs min > 0); default uniform.' })
  log?: boolean;
}

@InputType({ description: 'The powers of two from `min` to `max` (both powers of two).' })
export class PowerOfTwoRangeInput {
  @Field(() => Int, { description: 'Smallest, a power of two.' })
  min!: number;

  @Field(() => Int, { description: 'Largest, a power of two above `min`.' })
  max!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A continuous range a sweep samples.' })
export class FloatRange {
  @Field(() => Float, { description: 'Lower end, inclusive.' })
  min!: number;

  @Field(() => Float, { description: 'Upper end, inclusive.' })
  max!: number;

  @Field(() => Boolean, { description: 'Sampled log-uniformly.' })
  log!: boolean;
}

const rangeField = rangeFieldName;
const ranged = Object.entries(dimensions).filter(([, d]) => d.kind === 'number' && d.range) as [string, Dimension & { kind: 'number' }][];

@InputType({
  description:
    'The values to search over. Lists must be non-empty and hold no duplicates. A dimension with a `…Range` field takes either its list or its range.',
})
export class SweepSpaceInput {}
addFields(SweepSpaceInput, {
  ...map(dimensions, (d) => ({ type: listOf(valueType(d)), nullable: d.default !== undefined || d.kind === 'number' && !!d.range, description: valuesDescription(d) })),
  ...Object.fromEntries(
    ranged.map(([k, d]) => [
      rangeField(k),
      d.range === 'continuous'
        ? { type: () => FloatRangeInput, nullable: true, description: `Instead of \`${k}\`: a range ${describeBounds(d.bounds)} at each end, sampled. ${d.description}` }
        : { type: () => PowerOfTwoRangeInput, nullable: true, description: `Instead of \`${k}\`: the powers of two from min to max (${describeBounds(d.bounds)}). ${d.description}` },
    ]),
  ),
});

@ObjectType({ simpleResolvers: true, description: 'The values a sweep searches over.' })
export class SweepSpace {}
addFields(SweepSpace, {
  ...map(dimensions, (d) => ({
    type: listOf(valueType(d)),
    description: `Values searched${d.kind === 'number' && d.range === 'continuous' ? ' (empty when the dimension is a range)' : ''}. ${d.description}`,
  })),
  ...Object.fromEntries(
    ranged
      .filter(([, d]) => d.range === 'continuous')
      .map(([k, d]) => [rangeField(k), { type: () => FloatRange, nullable: true, description: `The range sampled, when \`${k}\` was given as one. ${d.description}` }]),
  ),
});

/** The GraphQL space input as the spec's space: `xRange` becomes `x`; giving both is an error at `space.xRange`. */
export function spaceFromInput(space: Record<string, unknown>): { space: Record<string, unknown>; errors: FieldError[] } {
  const out = { ...space };
  const errors: FieldError[] = [];
  for (const [k] of ranged) {
    const r = out[rangeField(k)];
    delete out[rangeField(k)];
    if (r == null) continue;
    if (out[k] != null) errors.push({ path: `space.${rangeField(k)}`, message: `give either ${k} or ${rangeField(k)}, not both` });
    else out[k] = r;
  }
  return { space: out, errors };
}

/** A spec error path in the GraphQL input's terms: `space.learningRate.min` is `space.learningRateRange.min` when a range was given. */
export function inputPath(path: string, space: Record<string, unknown>): string {
  const [head, dim, ...rest] = path.split('.');
  if (head !== 'space' || !dim || space[rangeField(dim)] == null) return path;
  return ['space', rangeField(dim), ...rest].join('.');
}

/** The stored space as the GraphQL `SweepSpace`: a range goes to `xRange`, its list is empty. */
export function spaceToOutput(space: Record<string, unknown>): SweepSpace {
  const out: Record<string, unknown> = { ...space };
  for (const [k] of ranged) {
    if (isRange(out[k])) {
      const r = out[k] as NumberRange;
      out[rangeField(k)] = { min: r.min, max: r.max, log: r.log };
      out[k] = [];
    }
  }
  return out as SweepSpace;
}

@InputType({ description: 'How runs read the dataset file; omitted fields take their defaults. Built-in tasks take only trainOn and packing.' })
export class DatasetSettingsInput {
  @Field(() => DatasetFormatEnum, { nullable: true, description: DATASET_SETTING_DESCRIPTIONS.format })
  format?: DatasetFormat;

  @Field(() => TrainOnEnum, { nullable: true, description: DATASET_SETTING_DESCRIPTIONS.trainOn })
  trainOn?: TrainOn;

  @Field(() => Boolean, { nullable: true, description: DATASET_SETTING_DESCRIPTIONS.packing })
  packing?: boolean;

  @Field(() => String, { nullable: true, description: DATASET_SETTING_DESCRIPTIONS.evalDataset })
  evalDataset?: string;

  @Field(() => Float, { nullable: true, description: DATASET_SETTING_DESCRIPTIONS.evalFraction })
  evalFraction?: number;
}

@ObjectType({ simpleResolvers: true, description: 'How runs read the dataset file.' })
export class DatasetSettings {
  @Field(() => DatasetFormatEnum, { description: DATASET_SETTING_DESCRIPTIONS.format })
  format!: DatasetFormat;

  @Field(() => TrainOnEnum, { description: DATASET_SETTING_DESCRIPTIONS.trainOn })
  trainOn!: TrainOn;

  @Field(() => Boolean, { description: DATASET_SETTING_DESCRIPTIONS.packing })
  packing!: boolean;

  @Field(() => String, { nullable: true, description: DATASET_SETTING_DESCRIPTIONS.evalDataset })
  evalDataset!: string | null;

  @Field(() => Float, { nullable: true, description: `${DATASET_SETTING_DESCRIPTIONS.evalFraction} Null: the default, or not used.` })
  evalFraction!: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'The concrete configuration of one run.' })
export class RunConfig {}
addFields(RunConfig, {
  baseModel: { type: () => String, description: 'Base model reference: `builtin:<name>` or a Hugging Face model directory.' },
  dataset: { type: () => String, description: 'Dataset reference: `builtin:<task>`, or a JSONL, JSON or Parquet file.' },
  datasetSettings: { type: () => DatasetSettings, description: 'How the dataset file is read.' },
  ...map(dimensions, (d) => ({ type: valueType(d), description: d.description })),
  ...map(settings, (s) => ({ type: () => Int, description: s.description })),
});
