import {
  API_KEY_ROLES,
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
export const ApiKeyRoleEnum = asEnum(API_KEY_ROLES);

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
registerEnumType(TargetModuleEnum, {
  name: 'TargetModule',
  description: 'A linear projection of a Llama block that can carry a LoRA adapter.',
});
registerEnumType(SearchMethodEnum, {
  name: 'SearchMethod',
  description: 'How a sweep turns its space into runs.',
  valuesConfig: {
    GRID: { description: 'Every combination of the listed values.' },
    RANDOM: { description: '`maxRuns` distinct combinations drawn with `seed`.' },
  },
});
registerEnumType(RunStatusEnum, { name: 'RunStatus', description: 'Where a run is in its life.' });
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
export function graphqlEnumOf(values: readonly string[]): object {
  if (values === QUANT_TYPES) return QuantTypeEnum;
  if (values === TARGET_MODULES) return TargetModuleEnum;
  throw new Error(`no GraphQL enum is registered for [${values.join(', ')}]`);
}
