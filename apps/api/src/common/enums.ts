import {
  ACCURACY_METRICS,
  API_KEY_ROLES,
  CORRECTION_SOURCES,
  DATASET_FORMAT_FIELDS,
  DATASET_FORMATS,
  TRAIN_ON,
  EARLY_TERMINATE_TYPES,
  QUANT_TYPES,
  RUN_STATUSES,
  SEARCH_METHODS,
  TARGET_MODULES,
} from '@loralab/core';
import { registerEnumType } from 'type-graphql';

const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const QuantTypeEnum = asEnum(QUANT_TYPES);
export const TargetModuleEnum = asEnum(TARGET_MODULES);
export const SearchMethodEnum = asEnum(SEARCH_METHODS);
export const RunStatusEnum = asEnum(RUN_STATUSES);
export const EarlyTerminateTypeEnum = asEnum(EARLY_TERMINATE_TYPES);
export const ApiKeyRoleEnum = asEnum(API_KEY_ROLES);
export const CorrectionSourceEnum = asEnum(CORRECTION_SOURCES);

registerEnumType(QuantTypeEnum, {
  name: 'QuantType',
  description: 'Storage format of the frozen base weights (FP32 is plain LoRA; the rest are QLoRA-style).',
  valuesConfig: {
    FP32: { description: 'IEEE single precision, unquantized.' },
    FP16: { description: 'IEEE half precision.' },
    INT8: { description: 'Symmetric absmax int8, blocks of 64.' },
    INT4: { description: 'Symmetric absmax int4 (codes -7..7), blocks of 64.' },
    FP4: { description: 'bitsandbytes FP4 (E2M1) code book, blocks of 64.' },
    NF4: { description: 'bitsandbytes NormalFloat4 code book, blocks of 64.' },
  },
});
registerEnumType(CorrectionSourceEnum, {
  name: 'CorrectionSource',
  description: 'Where the learned correction of a memory prediction came from.',
  valuesConfig: {
    TARGETS: { description: 'The team\'s succeeded runs on the base with the same target modules.' },
    BASE: { description: 'All the team\'s succeeded runs on the base (none had these target modules).' },
    NONE: { description: 'No succeeded run on the base yet: the estimator\'s prediction, unscaled.' },
  },
});
registerEnumType(TargetModuleEnum, {
  name: 'TargetModule',
  description: 'A linear projection of a Llama block that can carry a LoRA adapter.',
});
registerEnumType(SearchMethodEnum, {
  name: 'SearchMethod',
  description: 'How a sweep turns its space into runs.',
  valuesConfig: {
    GRID: { description: 'Every combination of the listed values.' },
    RANDOM: { description: '`maxRuns` distinct combinations drawn with `seed`; ranges sampled (log-uniformly with `log`).' },
    BAYES: {
      description:
        'Multi-objective model-based search (MOTPE): maximises eval accuracy and minimises peak memory. Runs are proposed when agents claim, up to `maxRuns`, learning from the finished ones; agents claiming together get distinct proposals; out-of-memory runs count as infeasible.',
    },
  },
});
registerEnumType(RunStatusEnum, {
  name: 'RunStatus',
  description: 'Where a run is in its life.',
  valuesConfig: { PRUNED: { description: 'Stopped early at a rung by the sweep\'s early termination (`prunedRung`); BAYES learns from it as pruned.' } },
});
registerEnumType(EarlyTerminateTypeEnum, {
  name: 'EarlyTerminateType',
  description: 'How runs are stopped at rungs.',
  valuesConfig: {
    ASHA: { description: 'Asynchronous successive halving: stopped unless within the best ⌊n/η⌋ eval losses of the runs at the rung.' },
    PARETO: { description: 'Stopped only when at least (1 − 1/η) of the runs at the rung dominate it on (eval loss, peak memory: the measured peak of their training steps where every run at the rung has one, else the estimator\'s prediction).' },
  },
});
registerEnumType(ApiKeyRoleEnum, {
  name: 'ApiKeyRole',
  description: 'What a key may do within its team.',
  valuesConfig: {
    ADMIN: { description: 'Everything, including managing keys.' },
    MEMBER: { description: 'Projects, sweeps and runs; no key management.' },
    AGENT: { description: 'Agent operations only: register, claim, heartbeat, log, complete, fail.' },
  },
});

/** The registered GraphQL enum of a value list of @loralab/core (for types built from the sweep spec). */
export const DatasetFormatEnum = asEnum(DATASET_FORMATS);
export const TrainOnEnum = asEnum(TRAIN_ON);
export const AccuracyMetricEnum = asEnum(ACCURACY_METRICS);
registerEnumType(DatasetFormatEnum, {
  name: 'DatasetFormat',
  description: 'Record format of a dataset file.',
  valuesConfig: Object.fromEntries(DATASET_FORMATS.map((f) => [f, { description: `Records hold ${DATASET_FORMAT_FIELDS[f]}.` }])),
});
registerEnumType(TrainOnEnum, {
  name: 'TrainOn',
  description: 'Which tokens carry the training loss.',
  valuesConfig: {
    COMPLETION: { description: 'The completion, output, label or assistant turns only.' },
    ALL: { description: 'Every token (prompts and templates too).' },
  },
});
registerEnumType(AccuracyMetricEnum, {
  name: 'AccuracyMetric',
  description: 'What a run\'s accuracy measures, by the kind of its dataset.',
  valuesConfig: {
    LABEL_ACCURACY: { description: 'Classification: share of eval examples whose most likely label is the right one.' },
    EXACT_MATCH: { description: 'Generation: share of eval examples whose greedy completion equals the reference.' },
    TOKEN_ACCURACY: { description: 'Plain text: share of eval next tokens predicted top-1.' },
  },
});

export function graphqlEnumOf(values: readonly string[]): object {
  if (values === QUANT_TYPES) return QuantTypeEnum;
  if (values === TARGET_MODULES) return TargetModuleEnum;
  throw new Error(`no GraphQL enum is registered for [${values.join(', ')}]`);
}
