import { InitialSchema1732300000000 } from './1732300000000-initial-schema';
import { ArtifactNameUnique1764590000000 } from './1764590000000-artifact-name-unique';
import { ShortKeyPrefix1764590100000 } from './1764590100000-short-key-prefix';
import { RateLimit1764600000000 } from './1764600000000-rate-limit';
import { SweepSearch1764700000000 } from './1764700000000-sweep-search';
import { AgentApiKey1764800000000 } from './1764800000000-agent-api-key';
import { FinishedOrder1764800100000 } from './1764800100000-finished-order';
import { DatasetSettings1764810000000 } from './1764810000000-dataset-settings';
import { PrunedReason1764820000000 } from './1764820000000-pruned-reason';
import { RunErrorDetail1764830000000 } from './1764830000000-run-error-detail';
import { EarlyTerminateMinRuns1764840000000 } from './1764840000000-early-terminate-min-runs';
import { AppliedRewinds1764850000000 } from './1764850000000-applied-rewinds';

/** Every migration, oldest first. Hand-written and reversible; `synchronize` is never used. */
export const MIGRATIONS = [
  InitialSchema1732300000000,
  ArtifactNameUnique1764590000000,
  ShortKeyPrefix1764590100000,
  RateLimit1764600000000,
  SweepSearch1764700000000,
  AgentApiKey1764800000000,
  FinishedOrder1764800100000,
  DatasetSettings1764810000000,
  PrunedReason1764820000000,
  RunErrorDetail1764830000000,
  EarlyTerminateMinRuns1764840000000,
  AppliedRewinds1764850000000,
];
