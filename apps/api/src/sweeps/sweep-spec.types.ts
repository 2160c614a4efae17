import {
  describeBounds,
  SWEEP_DIMENSIONS,
  TRAINING_SETTINGS,
  type Dimension,
  type TrainingSetting,
} from '@loralab/core';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { graphqlEnumOf } from '../common/enums';

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

@InputType({ description: 'The values to search over. Lists must be non-empty and hold no duplicates.' })
export class SweepSpaceInput {}
addFields(
  SweepSpaceInput,
  map(dimensions, (d) => ({ type: listOf(valueType(d)), nullable: d.default !== undefined, description: valuesDescription(d) })),
);

@ObjectType({ simpleResolvers: true, description: 'The values a sweep searches over.' })
export class SweepSpace {}
addFields(SweepSpace, map(dimensions, (d) => ({ type: listOf(valueType(d)), description: `Values searched. ${d.description}` })));

@ObjectType({ simpleResolvers: true, description: 'The concrete configuration of one run.' })
export class RunConfig {}
addFields(RunConfig, {
  baseModel: { type: () => String, description: 'Base model reference: `builtin:<name>` or a Hugging Face model directory.' },
  dataset: { type: () => String, description: 'Dataset reference: `builtin:<task>` or a JSONL file.' },
  ...map(dimensions, (d) => ({ type: valueType(d), description: d.description })),
  ...map(settings, (s) => ({ type: () => Int, description: s.description })),
});
