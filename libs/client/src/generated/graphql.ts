/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A whole number of bytes, 0 to 2^53 - 1. */
  ByteCount: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
};

/** What a run's accuracy measures, by the kind of its dataset. */
export const AccuracyMetric = {
  /** Generation: share of eval examples whose greedy completion equals the reference. */
  EXACT_MATCH: 'EXACT_MATCH',
  /** Classification: share of eval examples whose most likely label is the right one. */
  LABEL_ACCURACY: 'LABEL_ACCURACY',
  /** Plain text: share of eval next tokens predicted top-1. */
  TOKEN_ACCURACY: 'TOKEN_ACCURACY'
} as const;

export type AccuracyMetric = typeof AccuracyMetric[keyof typeof AccuracyMetric];
/** A training process that claims and runs sweeps' runs. */
export type Agent = Node & {
  /** TensorFlow.js backend: tensorflow, wasm or cpu. */
  backend: Scalars['String']['output'];
  /** The run it is training now. */
  currentRun: Maybe<Run>;
  /** Memory available for training, in bytes; runs predicted to need more are not handed to it. */
  deviceMemoryBytes: Maybe<Scalars['Float']['output']>;
  /** Host it runs on. */
  hostname: Scalars['String']['output'];
  /** Global id, opaque. */
  id: Scalars['ID']['output'];
  /** Its last claim or heartbeat. */
  lastSeenAt: Scalars['DateTimeISO']['output'];
  /** Name given at registration. */
  name: Scalars['String']['output'];
  /** Seen within the last lease period. */
  online: Scalars['Boolean']['output'];
  /** When it registered. */
  registeredAt: Scalars['DateTimeISO']['output'];
};

/** A page of agents. */
export type AgentConnection = {
  /** The items of the page with their cursors. */
  edges: Array<AgentEdge>;
  /** The items of the page. */
  nodes: Array<Agent>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Items in the whole connection, across pages. */
  totalCount: Scalars['Int']['output'];
};

/** An edge to a Agent. */
export type AgentEdge = {
  /** Opaque position of the item, for `after`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Agent;
};

/** An API key. Its secret is never stored, only a hash. */
export type ApiKey = Node & {
  /** When the key was created. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** Global id, opaque. */
  id: Scalars['ID']['output'];
  /** Whether the key may create teams (the bootstrap key only). */
  instanceAdmin: Scalars['Boolean']['output'];
  /** What the key is for. */
  name: Scalars['String']['output'];
  /** The key's first characters, to recognise it: `llk_` and at most 4 characters of the secret. */
  prefix: Scalars['String']['output'];
  /** When the key was revoked; revoked keys are refused. */
  revokedAt: Maybe<Scalars['DateTimeISO']['output']>;
  /** What the key may do. */
  role: ApiKeyRole;
};

/** What a key may do within its team. */
export const ApiKeyRole = {
  /** Everything, including managing keys. */
  ADMIN: 'ADMIN',
  /** Agent operations only: register, claim, heartbeat, log, complete, fail. */
  AGENT: 'AGENT',
  /** Projects, sweeps and runs; no key management. */
  MEMBER: 'MEMBER'
} as const;

export type ApiKeyRole = typeof ApiKeyRole[keyof typeof ApiKeyRole];
/** A file a run produced: a checkpoint or its PEFT adapter. Download with GET /artifacts/{id}. */
export type Artifact = Node & {
  /** When it was uploaded. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** Global id, opaque; download the bytes with GET /artifacts/{id}. */
  id: Scalars['ID']['output'];
  /** `checkpoint` or `adapter`. */
  kind: Scalars['String']['output'];
  /** File name, e.g. `adapter_model.safetensors`. */
  name: Scalars['String']['output'];
  /** Hex SHA-256 of the bytes, checked on upload. */
  sha256: Scalars['String']['output'];
  /** Size in bytes. */
  sizeBytes: Scalars['Float']['output'];
};

/** The run to cancel. */
export type CancelRunInput = {
  /** Global id of the run. */
  id: Scalars['ID']['input'];
};

/** The sweep to cancel: queued runs are cancelled, running ones asked to stop. */
export type CancelSweepInput = {
  /** Global id of the sweep. */
  id: Scalars['ID']['input'];
};

/** The cancelled sweep. */
export type CancelSweepPayload = {
  /** Queued runs that were cancelled. */
  cancelledRuns: Scalars['Int']['output'];
  /** Running runs asked to stop; they stop within one heartbeat. */
  stoppingRuns: Scalars['Int']['output'];
  /** The sweep. */
  sweep: Sweep;
};

/** An agent asking for work. */
export type ClaimRunInput = {
  /** The claiming agent. */
  agentId: Scalars['ID']['input'];
  /** Only runs predicted to fit in this many bytes (default: the agent's deviceMemoryBytes). */
  maxMemoryBytes?: InputMaybe<Scalars['ByteCount']['input']>;
  /** Only runs of this sweep. */
  sweepId?: InputMaybe<Scalars['ID']['input']>;
};

/** The claimed run, if any fitted. */
export type ClaimRunPayload = {
  /** Lease length in seconds: heartbeat well within it. */
  leaseSeconds: Scalars['Float']['output'];
  /** The run, now RUNNING and leased to the agent; null when nothing fits. */
  run: Maybe<Run>;
};

/** An FP32-base run and a quantized-base run with the same rank, alpha, targets, learning rate, dropout and seed. */
export type ComparisonPair = {
  /** Quantized accuracy minus baseline accuracy (negative: accuracy lost). */
  accuracyDelta: Scalars['Float']['output'];
  /** The LoRA run on the FP32 base. */
  baseline: Run;
  /** Quantized peak memory / baseline peak memory (below 1: memory saved). */
  memoryRatio: Scalars['Float']['output'];
  /** The quantized run's base format. */
  quantization: QuantType;
  /** The run on a quantized base (QLoRA). */
  quantized: Run;
};

/** A run finished: its results. */
export type CompleteRunInput = {
  /** The agent holding its lease. */
  agentId: Scalars['ID']['input'];
  /** The run. */
  runId: Scalars['ID']['input'];
  /** The results. */
  summary: RunSummaryInput;
};

/** One configuration of the planned sweep and its predicted memory. */
export type ConfigurationEstimate = {
  /** The configuration. */
  config: RunConfig;
  /** The factor the estimator's prediction was scaled by: the 90th percentile of measured ÷ predicted peak over the team's succeeded runs on the base with the same target modules, else over all its runs on the base; 1 before any. */
  correction: Scalars['Float']['output'];
  /** Where `correction` was learned: from runs with the same target modules, from all the team's runs on the base, or nowhere yet (1). */
  correctionSource: CorrectionSource;
  /** Null when the base model's shape is not known before it loads. */
  memory: Maybe<MemoryEstimate>;
};

/** Where the learned correction of a memory prediction came from. */
export const CorrectionSource = {
  /** All the team's succeeded runs on the base (none had these target modules). */
  BASE: 'BASE',
  /** No succeeded run on the base yet: the estimator's prediction, unscaled. */
  NONE: 'NONE',
  /** The team's succeeded runs on the base with the same target modules. */
  TARGETS: 'TARGETS'
} as const;

export type CorrectionSource = typeof CorrectionSource[keyof typeof CorrectionSource];
/** A new API key for the caller's team. */
export type CreateApiKeyInput = {
  /** What the key is for. */
  name: Scalars['String']['input'];
  /** What the key may do. */
  role?: ApiKeyRole;
};

/** The new key. */
export type CreateApiKeyPayload = {
  /** The key. */
  apiKey: ApiKey;
  /** The secret. Shown once: it is stored only as a hash. */
  secret: Scalars['String']['output'];
};

/** A new project. */
export type CreateProjectInput = {
  /** Free text. */
  description?: Scalars['String']['input'];
  /** Name, unique within the team. */
  name: Scalars['String']['input'];
};

/** The new project. */
export type CreateProjectPayload = {
  /** The project. */
  project: Project;
};

/** A new sweep: validated, then expanded into queued runs in one transaction. */
export type CreateSweepInput = {
  /** Base model: `builtin:tiny-llama`, `builtin:small-llama`, `builtin:bench-llama`, or a Hugging Face model directory. */
  baseModel: Scalars['String']['input'];
  /** Limits: a memory budget. */
  constraints?: InputMaybe<SweepConstraintsInput>;
  /** Dataset: `builtin:topic`, `builtin:mod-add`, `builtin:reverse`, or a JSONL, JSON or Parquet file. */
  dataset: Scalars['String']['input'];
  /** How the dataset file is read: format, loss tokens, packing, eval split. */
  datasetSettings?: InputMaybe<DatasetSettingsInput>;
  /** Stop hopeless runs early (needs training.evalInterval > 0). */
  earlyTerminate?: InputMaybe<EarlyTerminateInput>;
  /** Attempts per run before it fails (default 3). */
  maxAttempts?: InputMaybe<Scalars['Int']['input']>;
  /** RANDOM: how many distinct configurations to draw; BAYES: the budget, runs proposed at most (1..10000). GRID takes none. */
  maxRuns?: InputMaybe<Scalars['Int']['input']>;
  /** GRID (every combination), RANDOM (maxRuns drawn) or BAYES (up to maxRuns proposed as results arrive). */
  method?: SearchMethod;
  /** Name, 1..200 characters. */
  name: Scalars['String']['input'];
  /** The project it belongs to. */
  projectId: Scalars['ID']['input'];
  /** RANDOM and BAYES: seed of the draw and of the search (default 0). */
  seed?: InputMaybe<Scalars['Int']['input']>;
  /** The search space. */
  space: SweepSpaceInput;
  /** Training settings. */
  training?: InputMaybe<TrainingSettingsInput>;
};

/** The new sweep. */
export type CreateSweepPayload = {
  /** The sweep, its runs queued. */
  sweep: Sweep;
};

/** A new team. */
export type CreateTeamInput = {
  /** Unique name: letters, digits, - and _. */
  name: Scalars['String']['input'];
};

/** The new team and its first admin key. */
export type CreateTeamPayload = {
  /** Its first admin key. */
  adminKey: ApiKey;
  /** The admin key secret. Shown once: it is stored only as a hash. */
  secret: Scalars['String']['output'];
  /** The team. */
  team: Team;
};

/** Record format of a dataset file. */
export const DatasetFormat = {
  /** Records hold `instruction`, optional `input` and `system`, `output`. */
  ALPACA: 'ALPACA',
  /** Records hold any format below, told from the first record's fields: `messages`, `conversations`, `instruction`, `prompt`/`completion`, `label`, then `text`. */
  AUTO: 'AUTO',
  /** Records hold `messages`: a list of `{ role, content }`, rendered with the model's chat template. */
  MESSAGES: 'MESSAGES',
  /** Records hold `prompt`, `completion`. */
  PROMPT_COMPLETION: 'PROMPT_COMPLETION',
  /** Records hold `conversations`: a list of `{ from, value }` (from: system, human/user, gpt/assistant). */
  SHAREGPT: 'SHAREGPT',
  /** Records hold `text` (plain causal language modelling). */
  TEXT: 'TEXT',
  /** Records hold `text`, `label` (classification). */
  TEXT_LABEL: 'TEXT_LABEL'
} as const;

export type DatasetFormat = typeof DatasetFormat[keyof typeof DatasetFormat];
/** How runs read the dataset file. */
export type DatasetSettings = {
  /** A separate eval file (same format); default: the file's `split` field, else a seeded fraction. */
  evalDataset: Maybe<Scalars['String']['output']>;
  /** Fraction of the records held out for eval, drawn with the run's seed, when there is no evalDataset and no `split` field (0 < x < 1, default 0.1). Null: the default, or not used. */
  evalFraction: Maybe<Scalars['Float']['output']>;
  /** Record format of the dataset file (default AUTO: told from the first record's fields). */
  format: DatasetFormat;
  /** Pack several examples into each sequence of sequenceLength tokens (default false); positions run on across examples and attention is not blocked between them. */
  packing: Scalars['Boolean']['output'];
  /** Tokens that carry the loss: COMPLETION (the completion, output, label or assistant turns; default) or ALL. */
  trainOn: TrainOn;
};

/** How runs read the dataset file; omitted fields take their defaults. Built-in tasks take only trainOn and packing. */
export type DatasetSettingsInput = {
  /** A separate eval file (same format); default: the file's `split` field, else a seeded fraction. */
  evalDataset?: InputMaybe<Scalars['String']['input']>;
  /** Fraction of the records held out for eval, drawn with the run's seed, when there is no evalDataset and no `split` field (0 < x < 1, default 0.1). */
  evalFraction?: InputMaybe<Scalars['Float']['input']>;
  /** Record format of the dataset file (default AUTO: told from the first record's fields). */
  format?: InputMaybe<DatasetFormat>;
  /** Pack several examples into each sequence of sequenceLength tokens (default false); positions run on across examples and attention is not blocked between them. */
  packing?: InputMaybe<Scalars['Boolean']['input']>;
  /** Tokens that carry the loss: COMPLETION (the completion, output, label or assistant turns; default) or ALL. */
  trainOn?: InputMaybe<TrainOn>;
};

/** Early termination of a sweep. */
export type EarlyTerminate = {
  /** Reduction factor η (may be fractional, e.g. 1.25). */
  eta: Scalars['Float']['output'];
  /** Other runs that must have reached a rung before a run there is judged. */
  minRuns: Scalars['Int']['output'];
  /** The first rung, in steps. */
  minSteps: Scalars['Int']['output'];
  /** ASHA or PARETO. */
  type: EarlyTerminateType;
};

/** Early termination at rungs of minSteps·η^k steps, judged on the eval loss logged at or after each rung. */
export type EarlyTerminateInput = {
  /** Reduction factor η, 1.1..100, not necessarily whole (default 3): rungs at minSteps·η^k, each rounded up to the evaluation it is judged on (none after the last evaluation during training). ASHA keeps the best ⌊n/η⌋ at a rung; PARETO stops a run dominated by at least 1 − 1/η of the others. */
  eta?: InputMaybe<Scalars['Float']['input']>;
  /** Other runs that must have reached a rung before a run there is judged, 1..1000 (default 1: the first run at a rung is never stopped), as Optuna's n_min_trials. 3 keeps a small sweep from stopping runs on a comparison with one or two. */
  minRuns?: InputMaybe<Scalars['Int']['input']>;
  /** The first rung, in steps (1.., below training.steps). */
  minSteps: Scalars['Int']['input'];
  /** ASHA (keep the best ⌊n/η⌋ at a rung) or PARETO (stop only when ≥ 1 − 1/η of the runs at the rung dominate it on eval loss and peak memory). */
  type: EarlyTerminateType;
};

/** How runs are stopped at rungs. */
export const EarlyTerminateType = {
  /** Asynchronous successive halving: stopped unless within the best ⌊n/η⌋ eval losses of the runs at the rung. */
  ASHA: 'ASHA',
  /** Stopped only when at least (1 − 1/η) of the runs at the rung dominate it on (eval loss, peak memory: the measured peak of their training steps where every run at the rung has one, else the estimator's prediction). */
  PARETO: 'PARETO'
} as const;

export type EarlyTerminateType = typeof EarlyTerminateType[keyof typeof EarlyTerminateType];
/** What early termination saved so far: the training steps of the sweep's ended runs (SUCCEEDED or PRUNED) against running each to its end. */
export type EarlyTerminationSavings = {
  /** Runs ended SUCCEEDED or PRUNED: the runs the figures are over. */
  endedRuns: Scalars['Int']['output'];
  /** 1 − stepsTrained / stepsFull, 0..1: the share of those steps early termination saved (0 before a run has ended). */
  fractionSaved: Scalars['Float']['output'];
  /** Runs stopped at a rung (PRUNED). */
  prunedRuns: Scalars['Int']['output'];
  /** Steps they would have trained, each run to its configured end (a whole number). */
  stepsFull: Scalars['Float']['output'];
  /** Steps those runs trained (a whole number; Float, as a sweep's total can pass 2³¹): a SUCCEEDED run's configured steps, a PRUNED run's last logged train/loss or eval/loss step. */
  stepsTrained: Scalars['Float']['output'];
};

/** A run could not finish. */
export type FailRunInput = {
  /** The agent holding its lease. */
  agentId: Scalars['ID']['input'];
  /** Why, for people. */
  error: Scalars['String']['input'];
  /** The same as data, kept as the run's `errorDetail`. */
  errorDetail?: InputMaybe<RunErrorDetailInput>;
  /** Whether another attempt may succeed (back to the queue while attempts remain). */
  retryable?: Scalars['Boolean']['input'];
  /** The run. */
  runId: Scalars['ID']['input'];
};

/** A continuous range a sweep samples. */
export type FloatRange = {
  /** Sampled log-uniformly. */
  log: Scalars['Boolean']['output'];
  /** Upper end, inclusive. */
  max: Scalars['Float']['output'];
  /** Lower end, inclusive. */
  min: Scalars['Float']['output'];
};

/** A continuous range of a number dimension (RANDOM and BAYES sample it; GRID refuses it). */
export type FloatRangeInput = {
  /** Sample log-uniformly (needs min > 0); default uniform. */
  log?: InputMaybe<Scalars['Boolean']['input']>;
  /** Upper end, inclusive; within the dimension's bounds. */
  max: Scalars['Float']['input'];
  /** Lower end, inclusive; within the dimension's bounds and below `max`. */
  min: Scalars['Float']['input'];
};

/** An agent saying it is alive, and renewing a run's lease. */
export type HeartbeatInput = {
  /** The agent. */
  agentId: Scalars['ID']['input'];
  /** The run it is training, whose lease to renew. */
  runId?: InputMaybe<Scalars['ID']['input']>;
};

/** The renewed lease. */
export type HeartbeatPayload = {
  /** Whether the run should stop: finish the step, then report with failRun. */
  cancelRequested: Scalars['Boolean']['output'];
  /** When the lease lapses unless renewed. */
  leaseExpiresAt: Maybe<Scalars['DateTimeISO']['output']>;
};

/** The Pareto front's hypervolume once the sweep had this many SUCCEEDED runs. */
export type HypervolumePoint = {
  /** Fraction (0..1) of the box from (accuracy 0, memory 0) to the reference point that the front of those runs dominates (accuracy up, peak memory down). */
  hypervolume: Scalars['Float']['output'];
  /** SUCCEEDED runs so far, in the order they finished (1..). */
  succeededRuns: Scalars['Int']['output'];
};

/** A configuration the sweep did not queue: predicted above its memory budget. */
export type InfeasibleConfiguration = {
  /** The configuration. */
  config: RunConfig;
  /** Its predicted peak memory in bytes (an estimate). */
  predictedMemoryBytes: Scalars['Float']['output'];
};

/** What the team's measured runs on a base taught of the estimator's error: the factors its predictions are scaled by. */
export type LearnedMemoryCorrection = {
  /** Measured ÷ predicted peak, 90th percentile, over all the team's succeeded runs on the base; 1 before any. Target sets without runs of their own take it. */
  base: Scalars['Float']['output'];
  /** The sets the team has measured on the base, each with its own factor. */
  byTargets: Array<TargetSetCorrection>;
};

/** A batch of points for a run, idempotent on (run, key, step). */
export type LogMetricsInput = {
  /** The agent holding its lease. */
  agentId: Scalars['ID']['input'];
  /** At most 10000 points. */
  points: Array<MetricPointInput>;
  /** The run. */
  runId: Scalars['ID']['input'];
  /** Points stored before that this batch and the ones after it log anew (at most 10 entries, applied in order): deleted first, in one transaction with the insert; the batch sent again after a lost reply gives the same result. */
  supersede?: InputMaybe<Array<SupersedeMetricsInput>>;
};

/** What the batch stored. */
export type LogMetricsPayload = {
  /** Points received. */
  received: Scalars['Int']['output'];
  /** Points stored now; the rest were stored before (a re-sent batch). */
  stored: Scalars['Int']['output'];
};

/** Bytes of a training step by what occupies them. */
export type MemoryBreakdown = {
  /** Activations kept for the backward pass, and temporaries. */
  activations: Scalars['Float']['output'];
  /** LoRA A and B matrices. */
  adapters: Scalars['Float']['output'];
  /** Frozen base weights as stored (packed when quantized). */
  baseWeights: Scalars['Float']['output'];
  /** Gradients of the adapters. */
  gradients: Scalars['Float']['output'];
  /** AdamW first and second moments. */
  optimizerState: Scalars['Float']['output'];
};

/** The memory of a training step by component, in bytes. */
export type MemoryBreakdownInput = {
  /** Activations and temporaries. */
  activations: Scalars['Float']['input'];
  /** LoRA A and B. */
  adapters: Scalars['Float']['input'];
  /** Frozen base weights as stored. */
  baseWeights: Scalars['Float']['input'];
  /** Adapter gradients. */
  gradients: Scalars['Float']['input'];
  /** AdamW moments. */
  optimizerState: Scalars['Float']['input'];
};

/** Predicted peak memory of a training step. An estimate from the model's shape, not a measurement. */
export type MemoryEstimate = {
  /** Activations kept for the backward pass, and temporaries. */
  activations: Scalars['Float']['output'];
  /** LoRA A and B matrices. */
  adapters: Scalars['Float']['output'];
  /** Frozen base weights as stored (packed when quantized). */
  baseWeights: Scalars['Float']['output'];
  /** Gradients of the adapters. */
  gradients: Scalars['Float']['output'];
  /** AdamW first and second moments. */
  optimizerState: Scalars['Float']['output'];
  /** Sum of the components, in bytes. */
  total: Scalars['Float']['output'];
};

/** A point of a series. */
export type MetricPoint = {
  /** Training step. */
  step: Scalars['Int']['output'];
  /** Value. */
  value: Scalars['Float']['output'];
};

/** One point of a time series. */
export type MetricPointInput = {
  /** Series name, e.g. train/loss: 1..200 of A-Z a-z 0-9 _ . - / */
  key: Scalars['String']['input'];
  /** Training step, >= 0. */
  step: Scalars['Int']['input'];
  /** Value (finite). */
  value: Scalars['Float']['input'];
};

/** A run's time series for one key. */
export type MetricSeries = {
  /** Whether the series was longer than maxPoints and was downsampled. */
  downsampled: Scalars['Boolean']['output'];
  /** Series name. */
  key: Scalars['String']['output'];
  /** The largest value over all its points, those a downsampled series leaves out included (a peak between them); null when it has none. */
  max: Maybe<Scalars['Float']['output']>;
  /** The smallest value over all its points, those a downsampled series leaves out included; null when it has none. */
  min: Maybe<Scalars['Float']['output']>;
  /** Points by step. */
  points: Array<MetricPoint>;
};

/** A batch of metrics was stored. */
export type MetricsLoggedEvent = {
  /** Points stored. */
  count: Scalars['Int']['output'];
  /** Keys in the batch (at most 20 listed). */
  keys: Array<Scalars['String']['output']>;
  /** Highest step in the batch. */
  lastStep: Scalars['Int']['output'];
  /** The run. */
  runId: Scalars['ID']['output'];
};

export type Mutation = {
  /** Cancels a queued run, or asks a running one to stop within one heartbeat. */
  cancelRun: RunPayload;
  /** Cancels queued runs and asks running ones to stop. */
  cancelSweep: CancelSweepPayload;
  /** Leases the oldest queued run that fits to the agent; run is null when none does. */
  claimRun: ClaimRunPayload;
  /** Marks the run SUCCEEDED with its results (lease holder only). */
  completeRun: RunPayload;
  /** A new key for your team; the secret is shown once. */
  createApiKey: CreateApiKeyPayload;
  /** A new project. */
  createProject: CreateProjectPayload;
  /** Validates a sweep and expands it into queued runs, all in one transaction; invalid input writes nothing. */
  createSweep: CreateSweepPayload;
  /** A new team and its first admin key (instance admin only). */
  createTeam: CreateTeamPayload;
  /** Reports a failure (lease holder only): requeued while retryable and attempts remain, else FAILED; CANCELLED if cancellation was asked. */
  failRun: RunPayload;
  /** Renews the agent's presence and its run's lease; says whether to stop. */
  heartbeat: HeartbeatPayload;
  /** Stores up to 10000 points for a run (lease holder only); idempotent on (run, key, step). With `supersede`, first deletes the points of steps being logged anew. */
  logMetrics: LogMetricsPayload;
  /** An agent announcing itself before it claims runs. */
  registerAgent: RegisterAgentPayload;
  /** Hands a run back to the queue without spending an attempt (an agent shutting down after checkpointing); lease holder only. */
  releaseRun: RunPayload;
  /** Revokes a key of your team: it is refused from now on. */
  revokeApiKey: RevokeApiKeyPayload;
};


export type MutationCancelRunArgs = {
  input: CancelRunInput;
};


export type MutationCancelSweepArgs = {
  input: CancelSweepInput;
};


export type MutationClaimRunArgs = {
  input: ClaimRunInput;
};


export type MutationCompleteRunArgs = {
  input: CompleteRunInput;
};


export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


export type MutationCreateProjectArgs = {
  input: CreateProjectInput;
};


export type MutationCreateSweepArgs = {
  input: CreateSweepInput;
};


export type MutationCreateTeamArgs = {
  input: CreateTeamInput;
};


export type MutationFailRunArgs = {
  input: FailRunInput;
};


export type MutationHeartbeatArgs = {
  input: HeartbeatInput;
};


export type MutationLogMetricsArgs = {
  input: LogMetricsInput;
};


export type MutationRegisterAgentArgs = {
  input: RegisterAgentInput;
};


export type MutationReleaseRunArgs = {
  input: ReleaseRunInput;
};


export type MutationRevokeApiKeyArgs = {
  input: RevokeApiKeyInput;
};

/** An object with a global id (Relay). */
export type Node = {
  /** Global id, opaque. */
  id: Scalars['ID']['output'];
};

/** Ascending or descending. */
export const OrderDirection = {
  ASC: 'ASC',
  DESC: 'DESC'
} as const;

export type OrderDirection = typeof OrderDirection[keyof typeof OrderDirection];
/** Where a page of a connection starts and ends. */
export type PageInfo = {
  /** Cursor of the last item; pass it as `after` for the next page. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** Whether items follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Whether items precede this page. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first item of the page. */
  startCursor: Maybe<Scalars['String']['output']>;
};

/** The powers of two from `min` to `max` (both powers of two). */
export type PowerOfTwoRangeInput = {
  /** Largest, a power of two above `min`. */
  max: Scalars['Int']['input'];
  /** Smallest, a power of two. */
  min: Scalars['Int']['input'];
};

/** A group of sweeps on one problem. */
export type Project = Node & {
  /** When the project was created. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** Free text. */
  description: Scalars['String']['output'];
  /** Global id, opaque. */
  id: Scalars['ID']['output'];
  /** Name, unique within the team. */
  name: Scalars['String']['output'];
  /** The project's sweeps, newest first. */
  sweeps: SweepConnection;
};


/** A group of sweeps on one problem. */
export type ProjectSweepsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of projects. */
export type ProjectConnection = {
  /** The items of the page with their cursors. */
  edges: Array<ProjectEdge>;
  /** The items of the page. */
  nodes: Array<Project>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Items in the whole connection, across pages. */
  totalCount: Scalars['Int']['output'];
};

/** An edge to a Project. */
export type ProjectEdge = {
  /** Opaque position of the item, for `after`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Project;
};

/** Storage format of the frozen base weights (FP32 is plain LoRA; the rest are QLoRA-style). */
export const QuantType = {
  /** bitsandbytes FP4 (E2M1) code book, blocks of 64. */
  FP4: 'FP4',
  /** IEEE half precision. */
  FP16: 'FP16',
  /** IEEE single precision, unquantized. */
  FP32: 'FP32',
  /** Symmetric absmax int4 (codes -7..7), blocks of 64. */
  INT4: 'INT4',
  /** Symmetric absmax int8, blocks of 64. */
  INT8: 'INT8',
  /** bitsandbytes NormalFloat4 code book, blocks of 64. */
  NF4: 'NF4'
} as const;

export type QuantType = typeof QuantType[keyof typeof QuantType];
export type Query = {
  /** Your team's agents, most recently seen first. */
  agents: AgentConnection;
  /** The team's keys, revoked ones included (admin keys only). */
  apiKeys: Array<ApiKey>;
  /** The runs a sweep would create and the predicted peak memory of each (estimates, scaled by the correction learned from the team's finished runs on the base, per set of target modules: `correction`), without creating anything. */
  estimateMemory: SweepEstimate;
  /** Any object of your team by global id; null if it does not exist or is not yours. */
  node: Maybe<Node>;
  /** A project of your team. */
  project: Project;
  /** Your team's projects, newest first. */
  projects: ProjectConnection;
  /** A run of your team (for an agent key: a run one of its agents holds the lease of). */
  run: Run;
  /** A sweep of your team. */
  sweep: Sweep;
  /** Your team's sweeps across projects, newest first. */
  sweeps: SweepConnection;
  /** The caller: its key and team. */
  viewer: Viewer;
};


export type QueryAgentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryEstimateMemoryArgs = {
  input: SweepPlanInput;
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProjectArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProjectsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryRunArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySweepArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySweepsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** An agent announcing itself. */
export type RegisterAgentInput = {
  /** TensorFlow.js backend in use. */
  backend: Scalars['String']['input'];
  /** Memory available for training, in bytes (a whole number). */
  deviceMemoryBytes?: InputMaybe<Scalars['ByteCount']['input']>;
  /** Host it runs on. */
  hostname?: Scalars['String']['input'];
  /** A name to recognise it by, 1..200 characters. */
  name: Scalars['String']['input'];
};

/** The registered agent. */
export type RegisterAgentPayload = {
  /** The agent; pass its id to claimRun and heartbeat. */
  agent: Agent;
  /** Lease length in seconds: heartbeat well within it. */
  leaseSeconds: Scalars['Float']['output'];
};

/** A run to hand back to the queue. */
export type ReleaseRunInput = {
  /** The agent holding its lease. */
  agentId: Scalars['ID']['input'];
  /** The run. */
  runId: Scalars['ID']['input'];
};

/** The key to revoke. */
export type RevokeApiKeyInput = {
  /** Global id of the key. */
  id: Scalars['ID']['input'];
};

/** The revoked key. */
export type RevokeApiKeyPayload = {
  /** The key, with `revokedAt` set. */
  apiKey: ApiKey;
};

/** One configuration of a sweep, and its place in the queue. */
export type Run = Node & {
  /** The agent that holds or last held it. */
  agent: Maybe<Agent>;
  /** Its checkpoints and adapter files, oldest first. */
  artifacts: Array<Artifact>;
  /** Attempt number, from 1; a lapsed lease or a retryable failure adds one. */
  attempt: Scalars['Int']['output'];
  /** Whether cancellation (or pruning) was requested while it ran. */
  cancelRequested: Scalars['Boolean']['output'];
  /** What to train. */
  config: RunConfig;
  /** Why the run failed (last attempt); null while it has not, and for a PRUNED run (see `prunedReason`). */
  error: Maybe<Scalars['String']['output']>;
  /** `error` as data, when the agent sent it: its code and, for a malformed dataset record, where it is. */
  errorDetail: Maybe<RunErrorDetail>;
  /** When it reached a final status. */
  finishedAt: Maybe<Scalars['DateTimeISO']['output']>;
  /** Global id, opaque. */
  id: Scalars['ID']['output'];
  /** Its newest checkpoint, from which a resuming agent continues. */
  latestCheckpoint: Maybe<Artifact>;
  /** Until when the claiming agent holds it. */
  leaseExpiresAt: Maybe<Scalars['DateTimeISO']['output']>;
  /** Attempts allowed before the run fails. */
  maxAttempts: Scalars['Int']['output'];
  /** Keys of its metric series. */
  metricKeys: Array<Scalars['String']['output']>;
  /** Its metric series, each downsampled deterministically to at most maxPoints points. */
  metrics: Array<MetricSeries>;
  /** Position within the sweep, from 0. */
  ordinal: Scalars['Int']['output'];
  /** Predicted peak bytes (an estimate) when the run was queued: the estimator's, scaled by the correction learned from the team's measured runs on the same base. The sweep's memory budget was checked against it. Null when the base's shape is unknown. */
  predictedMemoryBytes: Maybe<Scalars['Float']['output']>;
  /** Early termination: why it was stopped at `prunedRung`, e.g. "pruned at rung step 18: dominated by 4 of 5 runs at that rung (eval loss and measured peak memory)". Null: not pruned. */
  prunedReason: Maybe<Scalars['String']['output']>;
  /** Early termination: the rung (in steps) it was stopped at; it ends PRUNED at its next heartbeat. Null: not pruned. */
  prunedRung: Maybe<Scalars['Int']['output']>;
  /** When it entered the queue. */
  queuedAt: Scalars['DateTimeISO']['output'];
  /** Early termination: the last rung (in steps) it passed; null: none yet. */
  rung: Maybe<Scalars['Int']['output']>;
  /** When it was first claimed. */
  startedAt: Maybe<Scalars['DateTimeISO']['output']>;
  /** Where the run is in its life. */
  status: RunStatus;
  /** Results, once SUCCEEDED. */
  summary: Maybe<RunSummary>;
  /** The sweep it belongs to. */
  sweep: Sweep;
  /** Last change. */
  updatedAt: Scalars['DateTimeISO']['output'];
};


/** One configuration of a sweep, and its place in the queue. */
export type RunMetricsArgs = {
  keys?: InputMaybe<Array<Scalars['String']['input']>>;
  maxPoints?: Scalars['Int']['input'];
};

/** The concrete configuration of one run. */
export type RunConfig = {
  /** Activation memory (MiB) above which the trainer recomputes each decoder layer in backward (gradient checkpointing: far less memory, one more forward pass per step); 0 always recomputes. */
  activationBudgetMiB: Scalars['Int']['output'];
  /** LoRA alpha; the update is scaled by alpha / r. */
  alpha: Scalars['Float']['output'];
  /** Base model reference: `builtin:<name>` or a Hugging Face model directory. */
  baseModel: Scalars['String']['output'];
  /** Sequences per forward/backward pass (the micro-batch). */
  batchSize: Scalars['Int']['output'];
  /** Dataset reference: `builtin:<task>`, or a JSONL, JSON or Parquet file. */
  dataset: Scalars['String']['output'];
  /** How the dataset file is read. */
  datasetSettings: DatasetSettings;
  /** Whether the 4-bit scales are themselves quantized (QLoRA double quantization; 4-bit bases only, false elsewhere). */
  doubleQuant: Scalars['Boolean']['output'];
  /** Dropout on the adapter input. */
  dropout: Scalars['Float']['output'];
  /** Sequences per evaluation forward pass (forward only, no tape); 0: chosen per run, the largest up to max(32, 8 × batchSize) whose predicted evaluation memory stays within the run's predicted training peak. Evaluation results do not depend on it. */
  evalBatchSize: Scalars['Int']['output'];
  /** Steps between evaluations (0: only the final evaluation). */
  evalInterval: Scalars['Int']['output'];
  /** Micro-batches whose gradients are summed before each optimizer step: the effective batch is batchSize × gradientAccumulation. */
  gradientAccumulation: Scalars['Int']['output'];
  /** Peak AdamW learning rate. */
  learningRate: Scalars['Float']['output'];
  /** Storage format of the frozen base. */
  quantization: QuantType;
  /** LoRA rank r. */
  rank: Scalars['Int']['output'];
  /** Seed of initialisation, data order and dropout. */
  seed: Scalars['Int']['output'];
  /** Tokens per sequence. */
  sequenceLength: Scalars['Int']['output'];
  /** Optimizer steps per run. */
  steps: Scalars['Int']['output'];
  /** Projections that carry adapters. */
  targetModules: Array<TargetModule>;
  /** Fraction of the steps with linear learning-rate warm-up (floor(steps × ratio) steps), then cosine decay. */
  warmupRatio: Scalars['Float']['output'];
};

/** A page of runs. */
export type RunConnection = {
  /** The items of the page with their cursors. */
  edges: Array<RunEdge>;
  /** The items of the page. */
  nodes: Array<Run>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Items in the whole connection, across pages. */
  totalCount: Scalars['Int']['output'];
};

/** An edge to a Run. */
export type RunEdge = {
  /** Opaque position of the item, for `after`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Run;
};

/** What went wrong in a run, as data beside its `error` message. */
export type RunErrorDetail = {
  /** The error's code, e.g. DATASET_INVALID, OUT_OF_MEMORY, MODEL_UNREADABLE, PATH_NOT_ALLOWED. */
  code: Scalars['String']['output'];
  /** DATASET_INVALID: the field, e.g. `messages.2.content`; null when the record as a whole is malformed. */
  field: Maybe<Scalars['String']['output']>;
  /** DATASET_INVALID: the dataset file of the malformed record. */
  file: Maybe<Scalars['String']['output']>;
  /** DATASET_INVALID: its line (JSONL, JSON), from 1. */
  line: Maybe<Scalars['Int']['output']>;
  /** DATASET_INVALID: its row (Parquet), from 0. */
  row: Maybe<Scalars['Int']['output']>;
};

/** What went wrong, as data: the error's code and, for a malformed dataset record, where it is. */
export type RunErrorDetailInput = {
  /** The error's code (upper case and underscores), e.g. DATASET_INVALID. */
  code: Scalars['String']['input'];
  /** DATASET_INVALID: the field, e.g. `messages.2.content`. */
  field?: InputMaybe<Scalars['String']['input']>;
  /** DATASET_INVALID: the dataset file. */
  file?: InputMaybe<Scalars['String']['input']>;
  /** DATASET_INVALID: the line (JSONL, JSON), from 1. */
  line?: InputMaybe<Scalars['Int']['input']>;
  /** DATASET_INVALID: the row (Parquet), from 0. */
  row?: InputMaybe<Scalars['Int']['input']>;
};

/** Which runs to list; all given conditions must hold. */
export type RunFilter = {
  /** Accuracy at least this. */
  minAccuracy?: InputMaybe<Scalars['Float']['input']>;
  /** Any of these base formats. */
  quantization?: InputMaybe<Array<QuantType>>;
  /** Any of these ranks. */
  rank?: InputMaybe<Array<Scalars['Int']['input']>>;
  /** Any of these statuses. */
  status?: InputMaybe<Array<RunStatus>>;
};

/** Order of a run list. Ties are broken by ordinal. */
export type RunOrder = {
  /** The direction; nulls last. */
  direction?: OrderDirection;
  /** The field. */
  field: RunOrderField;
};

/** What runs can be ordered by. */
export const RunOrderField = {
  ACCURACY: 'ACCURACY',
  ORDINAL: 'ORDINAL',
  PEAK_MEMORY: 'PEAK_MEMORY',
  PREDICTED_MEMORY: 'PREDICTED_MEMORY',
  RANK: 'RANK',
  STATUS: 'STATUS',
  UPDATED_AT: 'UPDATED_AT'
} as const;

export type RunOrderField = typeof RunOrderField[keyof typeof RunOrderField];
/** The run after the change. */
export type RunPayload = {
  /** The run. */
  run: Run;
};

/** Where a run is in its life. */
export const RunStatus = {
  CANCELLED: 'CANCELLED',
  FAILED: 'FAILED',
  /** Stopped early at a rung by the sweep's early termination (`prunedRung`); BAYES learns from it as pruned. */
  PRUNED: 'PRUNED',
  QUEUED: 'QUEUED',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED'
} as const;

export type RunStatus = typeof RunStatus[keyof typeof RunStatus];
/** What a finished run measured. */
export type RunSummary = {
  /** Eval accuracy in [0, 1]; `accuracyMetric` says which. */
  accuracy: Scalars['Float']['output'];
  /** What `accuracy` measures: label accuracy, exact match or next-token accuracy, by the dataset's kind (null: reported before this existed). */
  accuracyMetric: Maybe<AccuracyMetric>;
  /** Wall time of the run. */
  durationSeconds: Scalars['Float']['output'];
  /** Sequences per forward pass of the final evaluation that finished: the config's evalBatchSize, the automatic choice when that is 0, or a smaller one after evaluation ran out of memory (null: reported before this existed). */
  evalBatchSize: Maybe<Scalars['Int']['output']>;
  /** Mean eval cross-entropy. */
  evalLoss: Scalars['Float']['output'];
  /** Measured peak bytes of the final evaluation alone (null: not measured, or reported before this existed). */
  evalPeakMemoryBytes: Maybe<Scalars['Float']['output']>;
  /** The measured peak, by component. */
  memory: MemoryBreakdown;
  /** Measured peak bytes of the run: the highest of its measured training steps and its final evaluation (evalPeakMemoryBytes). */
  peakMemoryBytes: Scalars['Float']['output'];
  /** exp(evalLoss). */
  perplexity: Maybe<Scalars['Float']['output']>;
  /** The estimator's own prediction of the peak for the run as it finished (its final micro-batch and evaluation batch), without the learned correction: what `memory` is compared with, part by part. */
  predictedMemoryBytes: Scalars['Float']['output'];
  /** Training throughput. */
  tokensPerSecond: Scalars['Float']['output'];
  /** Parameters of base and adapters. */
  totalParams: Scalars['Float']['output'];
  /** Adapter parameters trained. */
  trainableParams: Scalars['Float']['output'];
};

/** What a finished run measured. */
export type RunSummaryInput = {
  /** Eval accuracy in [0, 1]. */
  accuracy: Scalars['Float']['input'];
  /** What `accuracy` measures (agents before it existed omit it). */
  accuracyMetric?: InputMaybe<AccuracyMetric>;
  /** Wall time. */
  durationSeconds: Scalars['Float']['input'];
  /** Sequences per forward pass of the final evaluation that finished (the automatic choice when the config's evalBatchSize is 0); agents before it existed omit it. */
  evalBatchSize?: InputMaybe<Scalars['Int']['input']>;
  /** Mean eval cross-entropy. */
  evalLoss: Scalars['Float']['input'];
  /** Measured peak bytes of the final evaluation alone (a whole number); null: not measured. */
  evalPeakMemoryBytes?: InputMaybe<Scalars['ByteCount']['input']>;
  /** The measured peak by component. */
  memory: MemoryBreakdownInput;
  /** Measured peak bytes of the run, the highest of its measured training steps and its final evaluation (a whole number). */
  peakMemoryBytes: Scalars['ByteCount']['input'];
  /** exp(evalLoss). */
  perplexity?: InputMaybe<Scalars['Float']['input']>;
  /** The estimator's prediction. */
  predictedMemoryBytes: Scalars['Float']['input'];
  /** Training throughput. */
  tokensPerSecond: Scalars['Float']['input'];
  /** Parameters in all. */
  totalParams: Scalars['Float']['input'];
  /** Adapter parameters trained. */
  trainableParams: Scalars['Float']['input'];
};

/** A change to a sweep's runs. */
export type RunUpdatedEvent = {
  /** The run that changed; null when many changed at once (refetch). */
  run: Maybe<Run>;
  /** The sweep, as it is now. */
  sweep: Sweep;
};

/** How a sweep turns its space into runs. */
export const SearchMethod = {
  /** Multi-objective model-based search (MOTPE): maximises eval accuracy and minimises peak memory. Runs are proposed when agents claim, up to `maxRuns`, learning from the finished ones; agents claiming together get distinct proposals; out-of-memory runs count as infeasible. */
  BAYES: 'BAYES',
  /** Every combination of the listed values. */
  GRID: 'GRID',
  /** `maxRuns` distinct combinations drawn with `seed`; ranges sampled (log-uniformly with `log`). */
  RANDOM: 'RANDOM'
} as const;

export type SearchMethod = typeof SearchMethod[keyof typeof SearchMethod];
export type Subscription = {
  /** Fires when a batch of metrics of the run is stored; refetch `run.metrics` for the curves. */
  metricsLogged: MetricsLoggedEvent;
  /** Fires when a run of the sweep changes (claimed, finished, requeued, cancelled). */
  runUpdated: RunUpdatedEvent;
};


export type SubscriptionMetricsLoggedArgs = {
  runId: Scalars['ID']['input'];
};


export type SubscriptionRunUpdatedArgs = {
  sweepId: Scalars['ID']['input'];
};

/** Steps logged again: training went back to `afterStep` (an out-of-memory retry resumed from a checkpoint at a smaller micro-batch, or a new attempt resumed from one, or from step 0 without one) and logs the steps after it anew. When eval/loss is among the keys, the rungs of early termination after afterStep are judged again on the new values. */
export type SupersedeMetricsInput = {
  /** The step training resumed from, >= 0: the points of `keys` after it that were stored before this batch are deleted first. */
  afterStep: Scalars['Int']['input'];
  /** A UUID for this rewind, recommended: it is applied once per run, so a copy of the batch that the API executes again (sent again after a lost reply, or a delayed first copy run after later batches were stored) deletes nothing. Without one, every copy deletes. */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** The series logged anew (at most 100), e.g. train/loss and memory/peak_bytes; other series, such as the markers of the retry itself, are kept. */
  keys: Array<Scalars['String']['input']>;
};

/** A search over LoRA/QLoRA settings, expanded into runs. */
export type Sweep = Node & {
  /** Base model reference. */
  baseModel: Scalars['String']['output'];
  /** Highest accuracy of its SUCCEEDED runs. */
  bestAccuracy: Maybe<Scalars['Float']['output']>;
  /** When it was cancelled. */
  cancelledAt: Maybe<Scalars['DateTimeISO']['output']>;
  /** Each quantized-base run matched with the FP32-base run of the same settings otherwise (rank, alpha, targets, lr, dropout, warm-up, seed). */
  comparison: Array<ComparisonPair>;
  /** Its limits; null: none. */
  constraints: Maybe<SweepConstraints>;
  /** When it was created. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** Dataset reference. */
  dataset: Scalars['String']['output'];
  /** How its runs read the dataset file. */
  datasetSettings: DatasetSettings;
  /** Its early termination; null: none. */
  earlyTerminate: Maybe<EarlyTerminate>;
  /** What early termination saved so far in its ended runs; null when the sweep has none. */
  earlyTerminationSavings: Maybe<EarlyTerminationSavings>;
  /** The hypervolume of the Pareto front (accuracy up, peak memory down) after each SUCCEEDED run, in finish order. */
  hypervolume: SweepHypervolume;
  /** Global id, opaque. */
  id: Scalars['ID']['output'];
  /** Configurations predicted above the memory budget, never queued (empty without a budget). For BAYES, one per combination of the dimensions memory depends on (quantization, doubleQuant, rank, targetModules), its other fields at their first value or range minimum: the search proposes no configuration sharing them. */
  infeasible: Array<InfeasibleConfiguration>;
  /** Lowest measured peak memory of its SUCCEEDED runs. */
  lowestPeakMemoryBytes: Maybe<Scalars['Float']['output']>;
  /** Attempts per run. */
  maxAttempts: Scalars['Int']['output'];
  /** RANDOM: configurations drawn; BAYES: the budget of runs proposed. */
  maxRuns: Maybe<Scalars['Int']['output']>;
  /** How the space became runs. */
  method: SearchMethod;
  /** Name. */
  name: Scalars['String']['output'];
  /** SUCCEEDED runs that no other run beats on both accuracy (higher) and peak memory (lower), by memory ascending. */
  paretoFront: Array<Run>;
  /** Runs by status. */
  progress: SweepProgress;
  /** The project it belongs to. */
  project: Project;
  /** RANDOM and BAYES: seed of the draw and of the search. */
  randomSeed: Maybe<Scalars['Int']['output']>;
  /** Runs the sweep created. */
  runCount: Scalars['Int']['output'];
  /** The sweep's runs, filtered and ordered. */
  runs: RunConnection;
  /** The search space as submitted. */
  space: SweepSpace;
  /** Derived from its runs. */
  status: SweepStatus;
  /** Shared training settings. */
  training: TrainingSettings;
};


/** A search over LoRA/QLoRA settings, expanded into runs. */
export type SweepRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RunFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<RunOrder>;
};

/** A page of sweeps. */
export type SweepConnection = {
  /** The items of the page with their cursors. */
  edges: Array<SweepEdge>;
  /** The items of the page. */
  nodes: Array<Sweep>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Items in the whole connection, across pages. */
  totalCount: Scalars['Int']['output'];
};

/** Limits of a sweep. */
export type SweepConstraints = {
  /** Memory budget in bytes; null: none. */
  maxPeakMemoryBytes: Maybe<Scalars['Float']['output']>;
};

/** Limits every queued run must respect. */
export type SweepConstraintsInput = {
  /** Memory budget in bytes (a positive integer): configurations whose predicted peak memory is above it are never queued; the sweep lists them as `infeasible`. */
  maxPeakMemoryBytes?: InputMaybe<Scalars['Float']['input']>;
};

/** An edge to a Sweep. */
export type SweepEdge = {
  /** Opaque position of the item, for `after`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Sweep;
};

/** What a sweep would create, before it is created. */
export type SweepEstimate = {
  /** Every configuration that would be queued, in run order (none for BAYES, which proposes its runs as agents claim). */
  configurations: Array<ConfigurationEstimate>;
  /** Configurations predicted above `constraints.maxPeakMemoryBytes`: they would not be queued. For BAYES, one per combination of the dimensions memory depends on (as `Sweep.infeasible`). */
  infeasible: Array<ConfigurationEstimate>;
  /** The correction the predictions below were scaled by. */
  memoryCorrection: LearnedMemoryCorrection;
  /** Runs the sweep would create. */
  runCount: Scalars['Int']['output'];
};

/** How the accuracy-vs-memory front grew as runs finished. */
export type SweepHypervolume = {
  /** One point per SUCCEEDED run, in finish order; pruned and failed runs add none. */
  points: Array<HypervolumePoint>;
  /** Memory of the reference point (accuracy 0): 1.1 × the largest measured peak of the SUCCEEDED runs; null before any. Every point uses this one reference. */
  referenceMemoryBytes: Maybe<Scalars['Float']['output']>;
};

/** A sweep without its project and name: what `estimateMemory` needs. */
export type SweepPlanInput = {
  /** Base model: `builtin:tiny-llama`, `builtin:small-llama`, `builtin:bench-llama`, or a Hugging Face model directory. */
  baseModel: Scalars['String']['input'];
  /** Limits: a memory budget. */
  constraints?: InputMaybe<SweepConstraintsInput>;
  /** Dataset: `builtin:topic`, `builtin:mod-add`, `builtin:reverse`, or a JSONL, JSON or Parquet file. */
  dataset: Scalars['String']['input'];
  /** How the dataset file is read: format, loss tokens, packing, eval split. */
  datasetSettings?: InputMaybe<DatasetSettingsInput>;
  /** Stop hopeless runs early (needs training.evalInterval > 0). */
  earlyTerminate?: InputMaybe<EarlyTerminateInput>;
  /** RANDOM: how many distinct configurations to draw; BAYES: the budget, runs proposed at most (1..10000). GRID takes none. */
  maxRuns?: InputMaybe<Scalars['Int']['input']>;
  /** GRID (every combination), RANDOM (maxRuns drawn) or BAYES (up to maxRuns proposed as results arrive). */
  method?: SearchMethod;
  /** RANDOM and BAYES: seed of the draw and of the search (default 0). */
  seed?: InputMaybe<Scalars['Int']['input']>;
  /** The search space. */
  space: SweepSpaceInput;
  /** Training settings. */
  training?: InputMaybe<TrainingSettingsInput>;
};

/** How many runs are where. */
export type SweepProgress = {
  /** Cancelled. */
  cancelled: Scalars['Int']['output'];
  /** Failed after their last attempt. */
  failed: Scalars['Int']['output'];
  /** Share of runs in a final status, 0..1. */
  fractionDone: Scalars['Float']['output'];
  /** Stopped early at a rung (early termination). */
  pruned: Scalars['Int']['output'];
  /** Waiting for an agent. */
  queued: Scalars['Int']['output'];
  /** Held by an agent. */
  running: Scalars['Int']['output'];
  /** Finished with results. */
  succeeded: Scalars['Int']['output'];
  /** All runs. */
  total: Scalars['Int']['output'];
};

/** The values a sweep searches over. */
export type SweepSpace = {
  /** Values searched (empty when the dimension is a range). LoRA alpha; the update is scaled by alpha / r. */
  alpha: Array<Scalars['Float']['output']>;
  /** The range sampled, when `alpha` was given as one. LoRA alpha; the update is scaled by alpha / r. */
  alphaRange: Maybe<FloatRange>;
  /** Values searched. Whether the 4-bit scales are themselves quantized (QLoRA double quantization; 4-bit bases only, false elsewhere). */
  doubleQuant: Array<Scalars['Boolean']['output']>;
  /** Values searched (empty when the dimension is a range). Dropout on the adapter input. */
  dropout: Array<Scalars['Float']['output']>;
  /** The range sampled, when `dropout` was given as one. Dropout on the adapter input. */
  dropoutRange: Maybe<FloatRange>;
  /** Values searched (empty when the dimension is a range). Peak AdamW learning rate. */
  learningRate: Array<Scalars['Float']['output']>;
  /** The range sampled, when `learningRate` was given as one. Peak AdamW learning rate. */
  learningRateRange: Maybe<FloatRange>;
  /** Values searched. Storage format of the frozen base. */
  quantization: Array<QuantType>;
  /** Values searched. LoRA rank r. */
  rank: Array<Scalars['Int']['output']>;
  /** Values searched. Projections that carry adapters. */
  targetModules: Array<Array<TargetModule>>;
  /** Values searched. Fraction of the steps with linear learning-rate warm-up (floor(steps × ratio) steps), then cosine decay. */
  warmupRatio: Array<Scalars['Float']['output']>;
};

/** The values to search over. Lists must be non-empty and hold no duplicates. A dimension with a `…Range` field takes either its list or its range. */
export type SweepSpaceInput = {
  /** Values to try (each 0 < x ≤ 1000000; default [16]). LoRA alpha; the update is scaled by alpha / r. */
  alpha?: InputMaybe<Array<Scalars['Float']['input']>>;
  /** Instead of `alpha`: a range 0 < x ≤ 1000000 at each end, sampled. LoRA alpha; the update is scaled by alpha / r. */
  alphaRange?: InputMaybe<FloatRangeInput>;
  /** Values to try (default [false]). Whether the 4-bit scales are themselves quantized (QLoRA double quantization; 4-bit bases only, false elsewhere). */
  doubleQuant?: InputMaybe<Array<Scalars['Boolean']['input']>>;
  /** Values to try (each 0 ≤ x < 1; default [0]). Dropout on the adapter input. */
  dropout?: InputMaybe<Array<Scalars['Float']['input']>>;
  /** Instead of `dropout`: a range 0 ≤ x < 1 at each end, sampled. Dropout on the adapter input. */
  dropoutRange?: InputMaybe<FloatRangeInput>;
  /** Values to try (each 0 < x < 1; default [0.0002]). Peak AdamW learning rate. */
  learningRate?: InputMaybe<Array<Scalars['Float']['input']>>;
  /** Instead of `learningRate`: a range 0 < x < 1 at each end, sampled. Peak AdamW learning rate. */
  learningRateRange?: InputMaybe<FloatRangeInput>;
  /** Values to try. Storage format of the frozen base. */
  quantization: Array<QuantType>;
  /** Values to try (each 1..1024). LoRA rank r. */
  rank?: InputMaybe<Array<Scalars['Int']['input']>>;
  /** Instead of `rank`: the powers of two from min to max (1..1024). LoRA rank r. */
  rankRange?: InputMaybe<PowerOfTwoRangeInput>;
  /** Values to try. Projections that carry adapters. */
  targetModules: Array<Array<TargetModule>>;
  /** Values to try (each 0 ≤ x ≤ 1; default [0.05]). Fraction of the steps with linear learning-rate warm-up (floor(steps × ratio) steps), then cosine decay. */
  warmupRatio?: InputMaybe<Array<Scalars['Float']['input']>>;
};

/** Derived from its runs. */
export const SweepStatus = {
  /** The sweep was cancelled. */
  CANCELLED: 'CANCELLED',
  /** Every run reached a final status. */
  FINISHED: 'FINISHED',
  /** No run has started. */
  QUEUED: 'QUEUED',
  /** Some runs are queued or running, some have started. */
  RUNNING: 'RUNNING'
} as const;

export type SweepStatus = typeof SweepStatus[keyof typeof SweepStatus];
/** A linear projection of a Llama block that can carry a LoRA adapter. */
export const TargetModule = {
  DOWN_PROJ: 'DOWN_PROJ',
  GATE_PROJ: 'GATE_PROJ',
  K_PROJ: 'K_PROJ',
  O_PROJ: 'O_PROJ',
  Q_PROJ: 'Q_PROJ',
  UP_PROJ: 'UP_PROJ',
  V_PROJ: 'V_PROJ'
} as const;

export type TargetModule = typeof TargetModule[keyof typeof TargetModule];
/** A factor learned for one set of target modules. */
export type TargetSetCorrection = {
  /** Measured ÷ predicted peak, 90th percentile, over the team's succeeded runs on the base with this set. */
  correction: Scalars['Float']['output'];
  /** The set, in canonical order. */
  targetModules: Array<TargetModule>;
};

/** A tenant: everything belongs to one team. */
export type Team = Node & {
  /** When the team was created. */
  createdAt: Scalars['DateTimeISO']['output'];
  /** Global id, opaque. */
  id: Scalars['ID']['output'];
  /** Unique team name. */
  name: Scalars['String']['output'];
};

/** Which tokens carry the training loss. */
export const TrainOn = {
  /** Every token (prompts and templates too). */
  ALL: 'ALL',
  /** The completion, output, label or assistant turns only. */
  COMPLETION: 'COMPLETION'
} as const;

export type TrainOn = typeof TrainOn[keyof typeof TrainOn];
/** Training settings shared by every run of a sweep. */
export type TrainingSettings = {
  /** Activation memory (MiB) above which the trainer recomputes each decoder layer in backward (gradient checkpointing: far less memory, one more forward pass per step); 0 always recomputes. */
  activationBudgetMiB: Scalars['Int']['output'];
  /** Sequences per forward/backward pass (the micro-batch). */
  batchSize: Scalars['Int']['output'];
  /** Sequences per evaluation forward pass (forward only, no tape); 0: chosen per run, the largest up to max(32, 8 × batchSize) whose predicted evaluation memory stays within the run's predicted training peak. Evaluation results do not depend on it. */
  evalBatchSize: Scalars['Int']['output'];
  /** Steps between evaluations (0: only the final evaluation). */
  evalInterval: Scalars['Int']['output'];
  /** Micro-batches whose gradients are summed before each optimizer step: the effective batch is batchSize × gradientAccumulation. */
  gradientAccumulation: Scalars['Int']['output'];
  /** Seed of initialisation, data order and dropout. */
  seed: Scalars['Int']['output'];
  /** Tokens per sequence. */
  sequenceLength: Scalars['Int']['output'];
  /** Optimizer steps per run. */
  steps: Scalars['Int']['output'];
};

/** Training settings; omitted fields take their defaults. */
export type TrainingSettingsInput = {
  /** Activation memory (MiB) above which the trainer recomputes each decoder layer in backward (gradient checkpointing: far less memory, one more forward pass per step); 0 always recomputes: 0..4096 (default 1024). */
  activationBudgetMiB?: InputMaybe<Scalars['Int']['input']>;
  /** Sequences per forward/backward pass (the micro-batch): 1..4096 (default 8). */
  batchSize?: InputMaybe<Scalars['Int']['input']>;
  /** Sequences per evaluation forward pass (forward only, no tape); 0: chosen per run, the largest up to max(32, 8 × batchSize) whose predicted evaluation memory stays within the run's predicted training peak. Evaluation results do not depend on it: 0..4096 (default 0). */
  evalBatchSize?: InputMaybe<Scalars['Int']['input']>;
  /** Steps between evaluations (0: only the final evaluation): 0..1000000 (default 50; at most `steps`, and the default is clamped to it). */
  evalInterval?: InputMaybe<Scalars['Int']['input']>;
  /** Micro-batches whose gradients are summed before each optimizer step: the effective batch is batchSize × gradientAccumulation: 1..4096 (default 1). */
  gradientAccumulation?: InputMaybe<Scalars['Int']['input']>;
  /** Seed of initialisation, data order and dropout: 0..2147483647 (default 0). */
  seed?: InputMaybe<Scalars['Int']['input']>;
  /** Tokens per sequence: 2..32768 (default 64). */
  sequenceLength?: InputMaybe<Scalars['Int']['input']>;
  /** Optimizer steps per run: 1..1000000 (default 200). */
  steps?: InputMaybe<Scalars['Int']['input']>;
};

/** The caller: the key in use and its team. */
export type Viewer = {
  /** The key this request was made with. */
  apiKey: ApiKey;
  /** The team everything you see belongs to. */
  team: Team;
};

export type AgentRunFieldsFragment = { id: string, ordinal: number, status: RunStatus, attempt: number, maxAttempts: number, predictedMemoryBytes: number | null, error: string | null, cancelRequested: boolean, prunedRung: number | null, prunedReason: string | null, errorDetail: { code: string, file: string | null, line: number | null, row: number | null, field: string | null } | null, config: { baseModel: string, dataset: string, rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, steps: number, batchSize: number, gradientAccumulation: number, sequenceLength: number, activationBudgetMiB: number, evalBatchSize: number, evalInterval: number, seed: number, datasetSettings: { format: DatasetFormat, trainOn: TrainOn, packing: boolean, evalDataset: string | null, evalFraction: number | null } }, summary: { accuracy: number, accuracyMetric: AccuracyMetric | null, evalLoss: number, perplexity: number | null, peakMemoryBytes: number, predictedMemoryBytes: number, trainableParams: number, totalParams: number, tokensPerSecond: number, durationSeconds: number, evalBatchSize: number | null, evalPeakMemoryBytes: number | null, memory: { baseWeights: number, adapters: number, gradients: number, optimizerState: number, activations: number } } | null };

export type AgentSweepFieldsFragment = { id: string, name: string, method: SearchMethod, status: SweepStatus, runCount: number, baseModel: string, dataset: string, createdAt: string, progress: { total: number, queued: number, running: number, succeeded: number, failed: number, cancelled: number, pruned: number, fractionDone: number } };

export type AgentArtifactFieldsFragment = { id: string, kind: string, name: string, sizeBytes: number, sha256: string, createdAt: string };

export type AgentRegisterMutationVariables = Exact<{
  input: RegisterAgentInput;
}>;


export type AgentRegisterMutation = { registerAgent: { leaseSeconds: number, agent: { id: string } } };

export type AgentClaimRunMutationVariables = Exact<{
  input: ClaimRunInput;
}>;


export type AgentClaimRunMutation = { claimRun: { leaseSeconds: number, run: { id: string, ordinal: number, status: RunStatus, attempt: number, maxAttempts: number, predictedMemoryBytes: number | null, error: string | null, cancelRequested: boolean, prunedRung: number | null, prunedReason: string | null, errorDetail: { code: string, file: string | null, line: number | null, row: number | null, field: string | null } | null, config: { baseModel: string, dataset: string, rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, steps: number, batchSize: number, gradientAccumulation: number, sequenceLength: number, activationBudgetMiB: number, evalBatchSize: number, evalInterval: number, seed: number, datasetSettings: { format: DatasetFormat, trainOn: TrainOn, packing: boolean, evalDataset: string | null, evalFraction: number | null } }, summary: { accuracy: number, accuracyMetric: AccuracyMetric | null, evalLoss: number, perplexity: number | null, peakMemoryBytes: number, predictedMemoryBytes: number, trainableParams: number, totalParams: number, tokensPerSecond: number, durationSeconds: number, evalBatchSize: number | null, evalPeakMemoryBytes: number | null, memory: { baseWeights: number, adapters: number, gradients: number, optimizerState: number, activations: number } } | null } | null } };

export type AgentHeartbeatMutationVariables = Exact<{
  input: HeartbeatInput;
}>;


export type AgentHeartbeatMutation = { heartbeat: { cancelRequested: boolean, leaseExpiresAt: string | null } };

export type AgentLogMetricsMutationVariables = Exact<{
  input: LogMetricsInput;
}>;


export type AgentLogMetricsMutation = { logMetrics: { received: number, stored: number } };

export type AgentCompleteRunMutationVariables = Exact<{
  input: CompleteRunInput;
}>;


export type AgentCompleteRunMutation = { completeRun: { run: { id: string, status: RunStatus } } };

export type AgentFailRunMutationVariables = Exact<{
  input: FailRunInput;
}>;


export type AgentFailRunMutation = { failRun: { run: { id: string, status: RunStatus } } };

export type AgentReleaseRunMutationVariables = Exact<{
  input: ReleaseRunInput;
}>;


export type AgentReleaseRunMutation = { releaseRun: { run: { id: string, status: RunStatus } } };

export type CliCancelRunMutationVariables = Exact<{
  input: CancelRunInput;
}>;


export type CliCancelRunMutation = { cancelRun: { run: { id: string, status: RunStatus } } };

export type CliProjectsQueryVariables = Exact<{ [key: string]: never; }>;


export type CliProjectsQuery = { projects: { nodes: Array<{ id: string, name: string }> } };

export type CliCreateProjectMutationVariables = Exact<{
  input: CreateProjectInput;
}>;


export type CliCreateProjectMutation = { createProject: { project: { id: string, name: string } } };

export type CliCreateSweepMutationVariables = Exact<{
  input: CreateSweepInput;
}>;


export type CliCreateSweepMutation = { createSweep: { sweep: { maxRuns: number | null, id: string, name: string, method: SearchMethod, status: SweepStatus, runCount: number, baseModel: string, dataset: string, createdAt: string, infeasible: Array<{ predictedMemoryBytes: number }>, progress: { total: number, queued: number, running: number, succeeded: number, failed: number, cancelled: number, pruned: number, fractionDone: number } } } };

export type CliSweepsQueryVariables = Exact<{ [key: string]: never; }>;


export type CliSweepsQuery = { sweeps: { nodes: Array<{ id: string, name: string, method: SearchMethod, status: SweepStatus, runCount: number, baseModel: string, dataset: string, createdAt: string, progress: { total: number, queued: number, running: number, succeeded: number, failed: number, cancelled: number, pruned: number, fractionDone: number } }> } };

export type CliSweepQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CliSweepQuery = { sweep: { id: string, name: string, method: SearchMethod, status: SweepStatus, runCount: number, baseModel: string, dataset: string, createdAt: string, paretoFront: Array<{ id: string, ordinal: number, status: RunStatus, attempt: number, maxAttempts: number, predictedMemoryBytes: number | null, error: string | null, cancelRequested: boolean, prunedRung: number | null, prunedReason: string | null, errorDetail: { code: string, file: string | null, line: number | null, row: number | null, field: string | null } | null, config: { baseModel: string, dataset: string, rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, steps: number, batchSize: number, gradientAccumulation: number, sequenceLength: number, activationBudgetMiB: number, evalBatchSize: number, evalInterval: number, seed: number, datasetSettings: { format: DatasetFormat, trainOn: TrainOn, packing: boolean, evalDataset: string | null, evalFraction: number | null } }, summary: { accuracy: number, accuracyMetric: AccuracyMetric | null, evalLoss: number, perplexity: number | null, peakMemoryBytes: number, predictedMemoryBytes: number, trainableParams: number, totalParams: number, tokensPerSecond: number, durationSeconds: number, evalBatchSize: number | null, evalPeakMemoryBytes: number | null, memory: { baseWeights: number, adapters: number, gradients: number, optimizerState: number, activations: number } } | null }>, space: { quantization: Array<QuantType>, alphaRange: { min: number } | null, learningRateRange: { min: number } | null, dropoutRange: { min: number } | null }, comparison: Array<{ quantization: QuantType, accuracyDelta: number, memoryRatio: number, baseline: { id: string, ordinal: number, status: RunStatus, attempt: number, maxAttempts: number, predictedMemoryBytes: number | null, error: string | null, cancelRequested: boolean, prunedRung: number | null, prunedReason: string | null, errorDetail: { code: string, file: string | null, line: number | null, row: number | null, field: string | null } | null, config: { baseModel: string, dataset: string, rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, steps: number, batchSize: number, gradientAccumulation: number, sequenceLength: number, activationBudgetMiB: number, evalBatchSize: number, evalInterval: number, seed: number, datasetSettings: { format: DatasetFormat, trainOn: TrainOn, packing: boolean, evalDataset: string | null, evalFraction: number | null } }, summary: { accuracy: number, accuracyMetric: AccuracyMetric | null, evalLoss: number, perplexity: number | null, peakMemoryBytes: number, predictedMemoryBytes: number, trainableParams: number, totalParams: number, tokensPerSecond: number, durationSeconds: number, evalBatchSize: number | null, evalPeakMemoryBytes: number | null, memory: { baseWeights: number, adapters: number, gradients: number, optimizerState: number, activations: number } } | null }, quantized: { id: string, ordinal: number, status: RunStatus, attempt: number, maxAttempts: number, predictedMemoryBytes: number | null, error: string | null, cancelRequested: boolean, prunedRung: number | null, prunedReason: string | null, errorDetail: { code: string, file: string | null, line: number | null, row: number | null, field: string | null } | null, config: { baseModel: string, dataset: string, rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, steps: number, batchSize: number, gradientAccumulation: number, sequenceLength: number, activationBudgetMiB: number, evalBatchSize: number, evalInterval: number, seed: number, datasetSettings: { format: DatasetFormat, trainOn: TrainOn, packing: boolean, evalDataset: string | null, evalFraction: number | null } }, summary: { accuracy: number, accuracyMetric: AccuracyMetric | null, evalLoss: number, perplexity: number | null, peakMemoryBytes: number, predictedMemoryBytes: number, trainableParams: number, totalParams: number, tokensPerSecond: number, durationSeconds: number, evalBatchSize: number | null, evalPeakMemoryBytes: number | null, memory: { baseWeights: number, adapters: number, gradients: number, optimizerState: number, activations: number } } | null } }>, infeasible: Array<{ predictedMemoryBytes: number, config: { baseModel: string, dataset: string, rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, steps: number, batchSize: number, gradientAccumulation: number, sequenceLength: number, activationBudgetMiB: number, evalBatchSize: number, evalInterval: number, seed: number, datasetSettings: { format: DatasetFormat, trainOn: TrainOn, packing: boolean, evalDataset: string | null, evalFraction: number | null } } }>, hypervolume: { referenceMemoryBytes: number | null, points: Array<{ succeededRuns: number, hypervolume: number }> }, earlyTerminationSavings: { prunedRuns: number, endedRuns: number, stepsTrained: number, stepsFull: number, fractionSaved: number } | null, progress: { total: number, queued: number, running: number, succeeded: number, failed: number, cancelled: number, pruned: number, fractionDone: number } } };

export type CliSweepRunsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type CliSweepRunsQuery = { sweep: { runs: { nodes: Array<{ id: string, ordinal: number, status: RunStatus, attempt: number, maxAttempts: number, predictedMemoryBytes: number | null, error: string | null, cancelRequested: boolean, prunedRung: number | null, prunedReason: string | null, errorDetail: { code: string, file: string | null, line: number | null, row: number | null, field: string | null } | null, config: { baseModel: string, dataset: string, rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, steps: number, batchSize: number, gradientAccumulation: number, sequenceLength: number, activationBudgetMiB: number, evalBatchSize: number, evalInterval: number, seed: number, datasetSettings: { format: DatasetFormat, trainOn: TrainOn, packing: boolean, evalDataset: string | null, evalFraction: number | null } }, summary: { accuracy: number, accuracyMetric: AccuracyMetric | null, evalLoss: number, perplexity: number | null, peakMemoryBytes: number, predictedMemoryBytes: number, trainableParams: number, totalParams: number, tokensPerSecond: number, durationSeconds: number, evalBatchSize: number | null, evalPeakMemoryBytes: number | null, memory: { baseWeights: number, adapters: number, gradients: number, optimizerState: number, activations: number } } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type CliCancelSweepMutationVariables = Exact<{
  input: CancelSweepInput;
}>;


export type CliCancelSweepMutation = { cancelSweep: { cancelledRuns: number, stoppingRuns: number, sweep: { id: string, name: string, method: SearchMethod, status: SweepStatus, runCount: number, baseModel: string, dataset: string, createdAt: string, progress: { total: number, queued: number, running: number, succeeded: number, failed: number, cancelled: number, pruned: number, fractionDone: number } } } };

export type CliEstimateMemoryQueryVariables = Exact<{
  input: SweepPlanInput;
}>;


export type CliEstimateMemoryQuery = { estimateMemory: { runCount: number, memoryCorrection: { base: number, byTargets: Array<{ targetModules: Array<TargetModule>, correction: number }> }, configurations: Array<{ correction: number, correctionSource: CorrectionSource, config: { baseModel: string, dataset: string, rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, steps: number, batchSize: number, gradientAccumulation: number, sequenceLength: number, activationBudgetMiB: number, evalBatchSize: number, evalInterval: number, seed: number, datasetSettings: { format: DatasetFormat, trainOn: TrainOn, packing: boolean, evalDataset: string | null, evalFraction: number | null } }, memory: { baseWeights: number, adapters: number, gradients: number, optimizerState: number, activations: number, total: number } | null }>, infeasible: Array<{ correction: number, correctionSource: CorrectionSource, config: { rank: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number }, memory: { total: number } | null }> } };

export type CliRunQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CliRunQuery = { run: { id: string, ordinal: number, status: RunStatus, attempt: number, maxAttempts: number, predictedMemoryBytes: number | null, error: string | null, cancelRequested: boolean, prunedRung: number | null, prunedReason: string | null, errorDetail: { code: string, file: string | null, line: number | null, row: number | null, field: string | null } | null, config: { baseModel: string, dataset: string, rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, steps: number, batchSize: number, gradientAccumulation: number, sequenceLength: number, activationBudgetMiB: number, evalBatchSize: number, evalInterval: number, seed: number, datasetSettings: { format: DatasetFormat, trainOn: TrainOn, packing: boolean, evalDataset: string | null, evalFraction: number | null } }, summary: { accuracy: number, accuracyMetric: AccuracyMetric | null, evalLoss: number, perplexity: number | null, peakMemoryBytes: number, predictedMemoryBytes: number, trainableParams: number, totalParams: number, tokensPerSecond: number, durationSeconds: number, evalBatchSize: number | null, evalPeakMemoryBytes: number | null, memory: { baseWeights: number, adapters: number, gradients: number, optimizerState: number, activations: number } } | null } };

export type AgentRunArtifactsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type AgentRunArtifactsQuery = { run: { artifacts: Array<{ id: string, kind: string, name: string, sizeBytes: number, sha256: string, createdAt: string }>, latestCheckpoint: { id: string, kind: string, name: string, sizeBytes: number, sha256: string, createdAt: string } | null } };

export type CliRunMetricsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  keys?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
}>;


export type CliRunMetricsQuery = { run: { metrics: Array<{ key: string, points: Array<{ step: number, value: number }> }> } };

export type KeepAlivePingQueryVariables = Exact<{ [key: string]: never; }>;


export type KeepAlivePingQuery = { __typename: 'Query' };

export type AgentListQueryVariables = Exact<{ [key: string]: never; }>;


export type AgentListQuery = { agents: { nodes: Array<{ id: string, name: string, backend: string, hostname: string, deviceMemoryBytes: number | null, online: boolean, lastSeenAt: string, currentRun: { id: string, ordinal: number, sweep: { id: string, name: string } } | null }> } };

export type MetricsLoggedSubscriptionVariables = Exact<{
  runId: Scalars['ID']['input'];
}>;


export type MetricsLoggedSubscription = { metricsLogged: { runId: string, lastStep: number, count: number } };

export type RunUpdatedSubscriptionVariables = Exact<{
  sweepId: Scalars['ID']['input'];
}>;


export type RunUpdatedSubscription = { runUpdated: { run: { id: string, status: RunStatus } | null, sweep: { id: string, status: SweepStatus } } };

export type SignInViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type SignInViewerQuery = { viewer: { team: { name: string } } };

export type ProjectHeaderQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ProjectHeaderQuery = { project: { name: string, description: string } };

export type CreateProjectMutationVariables = Exact<{
  input: CreateProjectInput;
}>;


export type CreateProjectMutation = { createProject: { project: { id: string } } };

export type ProjectListQueryVariables = Exact<{ [key: string]: never; }>;


export type ProjectListQuery = { projects: { nodes: Array<{ id: string, name: string, description: string, createdAt: string, sweeps: { totalCount: number } }> } };

export type CancelRunMutationVariables = Exact<{
  input: CancelRunInput;
}>;


export type CancelRunMutation = { cancelRun: { run: { status: RunStatus, cancelRequested: boolean } } };

export type RunDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RunDetailQuery = { run: { id: string, ordinal: number, status: RunStatus, prunedRung: number | null, prunedReason: string | null, attempt: number, maxAttempts: number, error: string | null, predictedMemoryBytes: number | null, queuedAt: string, startedAt: string | null, finishedAt: string | null, leaseExpiresAt: string | null, cancelRequested: boolean, errorDetail: { code: string, file: string | null, line: number | null, row: number | null, field: string | null } | null, sweep: { id: string, name: string }, artifacts: Array<{ id: string, kind: string, name: string, sizeBytes: number, sha256: string, createdAt: string }>, agent: { id: string, name: string, backend: string, hostname: string, online: boolean } | null, config: { baseModel: string, dataset: string, rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, steps: number, batchSize: number, gradientAccumulation: number, sequenceLength: number, activationBudgetMiB: number, evalBatchSize: number, evalInterval: number, seed: number, datasetSettings: { format: DatasetFormat, trainOn: TrainOn, packing: boolean, evalDataset: string | null, evalFraction: number | null } }, summary: { accuracy: number, accuracyMetric: AccuracyMetric | null, evalLoss: number, perplexity: number | null, peakMemoryBytes: number, predictedMemoryBytes: number, trainableParams: number, totalParams: number, tokensPerSecond: number, durationSeconds: number, evalBatchSize: number | null, evalPeakMemoryBytes: number | null, memory: { baseWeights: number, adapters: number, gradients: number, optimizerState: number, activations: number } } | null } };

export type RunMetricsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  keys?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
}>;


export type RunMetricsQuery = { run: { metrics: Array<{ key: string, downsampled: boolean, points: Array<{ step: number, value: number }> }> } };

export type RunPeakQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RunPeakQuery = { run: { metrics: Array<{ max: number | null }> } };

export type CancelSweepMutationVariables = Exact<{
  input: CancelSweepInput;
}>;


export type CancelSweepMutation = { cancelSweep: { cancelledRuns: number, stoppingRuns: number } };

export type SweepRunsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RunFilter>;
  orderBy?: InputMaybe<RunOrder>;
}>;


export type SweepRunsQuery = { sweep: { runs: { totalCount: number, nodes: Array<{ id: string, ordinal: number, status: RunStatus, prunedRung: number | null, attempt: number, predictedMemoryBytes: number | null, updatedAt: string, config: { rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, seed: number }, summary: { accuracy: number, peakMemoryBytes: number, evalLoss: number } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type EstimateQueryVariables = Exact<{
  input: SweepPlanInput;
}>;


export type EstimateQuery = { estimateMemory: { runCount: number, memoryCorrection: { base: number, byTargets: Array<{ targetModules: Array<TargetModule>, correction: number }> }, configurations: Array<{ config: { rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number }, memory: { total: number } | null }>, infeasible: Array<{ config: { rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number }, memory: { total: number } | null }> } };

export type EstimatedConfigurationFragment = { config: { rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number }, memory: { total: number } | null };

export type CreateSweepMutationVariables = Exact<{
  input: CreateSweepInput;
}>;


export type CreateSweepMutation = { createSweep: { sweep: { id: string } } };

export type NewSweepProjectsQueryVariables = Exact<{ [key: string]: never; }>;


export type NewSweepProjectsQuery = { projects: { nodes: Array<{ id: string, name: string }> } };

export type ProjectSweepsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ProjectSweepsQuery = { project: { sweeps: { nodes: Array<{ id: string, name: string, status: SweepStatus, runCount: number, createdAt: string, bestAccuracy: number | null, lowestPeakMemoryBytes: number | null, project: { id: string, name: string }, progress: { total: number, succeeded: number, failed: number, running: number, queued: number, cancelled: number, pruned: number, fractionDone: number } }> } } };

export type SweepsQueryVariables = Exact<{ [key: string]: never; }>;


export type SweepsQuery = { sweeps: { nodes: Array<{ id: string, name: string, status: SweepStatus, runCount: number, createdAt: string, bestAccuracy: number | null, lowestPeakMemoryBytes: number | null, project: { id: string, name: string }, progress: { total: number, succeeded: number, failed: number, running: number, queued: number, cancelled: number, pruned: number, fractionDone: number } }> } };

export type SweepListFieldsFragment = { id: string, name: string, status: SweepStatus, runCount: number, createdAt: string, bestAccuracy: number | null, lowestPeakMemoryBytes: number | null, project: { id: string, name: string }, progress: { total: number, succeeded: number, failed: number, running: number, queued: number, cancelled: number, pruned: number, fractionDone: number } };

export type RunFieldsFragment = { id: string, ordinal: number, status: RunStatus, prunedRung: number | null, attempt: number, predictedMemoryBytes: number | null, updatedAt: string, config: { rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, seed: number }, summary: { accuracy: number, peakMemoryBytes: number, evalLoss: number } | null };

export type ChartRunFragment = { id: string, ordinal: number, status: RunStatus, predictedMemoryBytes: number | null, prunedRung: number | null, prunedReason: string | null, config: { rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, seed: number }, summary: { accuracy: number, peakMemoryBytes: number, predictedMemoryBytes: number } | null };

export type SweepDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type SweepDetailQuery = { sweep: { id: string, name: string, status: SweepStatus, method: SearchMethod, maxRuns: number | null, baseModel: string, dataset: string, runCount: number, createdAt: string, bestAccuracy: number | null, lowestPeakMemoryBytes: number | null, project: { id: string, name: string }, training: { steps: number, batchSize: number, sequenceLength: number, evalInterval: number }, earlyTerminate: { type: EarlyTerminateType, minSteps: number, eta: number, minRuns: number } | null, constraints: { maxPeakMemoryBytes: number | null } | null, space: { quantization: Array<QuantType>, alphaRange: { min: number } | null, learningRateRange: { min: number } | null, dropoutRange: { min: number } | null }, infeasible: Array<{ predictedMemoryBytes: number, config: { rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, seed: number } }>, hypervolume: { referenceMemoryBytes: number | null, points: Array<{ succeededRuns: number, hypervolume: number }> }, progress: { total: number, queued: number, running: number, succeeded: number, failed: number, cancelled: number, pruned: number, fractionDone: number }, earlyTerminationSavings: { prunedRuns: number, endedRuns: number, stepsTrained: number, stepsFull: number, fractionSaved: number } | null, paretoFront: Array<{ id: string, ordinal: number, status: RunStatus, predictedMemoryBytes: number | null, prunedRung: number | null, prunedReason: string | null, config: { rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, seed: number }, summary: { accuracy: number, peakMemoryBytes: number, predictedMemoryBytes: number } | null }> } };

export type SweepComparisonQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type SweepComparisonQuery = { sweep: { comparison: Array<{ quantization: QuantType, accuracyDelta: number, memoryRatio: number, baseline: { id: string, ordinal: number, status: RunStatus, predictedMemoryBytes: number | null, prunedRung: number | null, prunedReason: string | null, config: { rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, seed: number }, summary: { accuracy: number, peakMemoryBytes: number, predictedMemoryBytes: number } | null }, quantized: { id: string, ordinal: number, status: RunStatus, predictedMemoryBytes: number | null, prunedRung: number | null, prunedReason: string | null, config: { rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, seed: number }, summary: { accuracy: number, peakMemoryBytes: number, predictedMemoryBytes: number } | null } }> } };

export type RunsByStatusQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  status: Array<RunStatus> | RunStatus;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type RunsByStatusQuery = { sweep: { runs: { nodes: Array<{ id: string, ordinal: number, status: RunStatus, predictedMemoryBytes: number | null, prunedRung: number | null, prunedReason: string | null, config: { rank: number, alpha: number, quantization: QuantType, doubleQuant: boolean, targetModules: Array<TargetModule>, learningRate: number, dropout: number, warmupRatio: number, seed: number }, summary: { accuracy: number, peakMemoryBytes: number, predictedMemoryBytes: number } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type LiveTestClaimRunMutationVariables = Exact<{
  input: ClaimRunInput;
}>;


export type LiveTestClaimRunMutation = { claimRun: { run: { id: string, predictedMemoryBytes: number | null, config: { rank: number, quantization: QuantType, targetModules: Array<TargetModule>, learningRate: number } } | null } };

export type LiveTestLogMetricsMutationVariables = Exact<{
  input: LogMetricsInput;
}>;


export type LiveTestLogMetricsMutation = { logMetrics: { stored: number } };

export type LiveTestCompleteRunMutationVariables = Exact<{
  input: CompleteRunInput;
}>;


export type LiveTestCompleteRunMutation = { completeRun: { run: { id: string } } };

export type NpmStartSweepStatusQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type NpmStartSweepStatusQuery = { sweep: { status: SweepStatus } };

export type NpmStartRunArtifactsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type NpmStartRunArtifactsQuery = { sweep: { runs: { nodes: Array<{ id: string, artifacts: Array<{ kind: string, name: string, sha256: string }> }> } } };

export type PrunedE2eSweepMutationVariables = Exact<{
  input: CreateSweepInput;
}>;


export type PrunedE2eSweepMutation = { createSweep: { sweep: { id: string } } };

export type PrunedE2eAgentMutationVariables = Exact<{
  input: RegisterAgentInput;
}>;


export type PrunedE2eAgentMutation = { registerAgent: { agent: { id: string } } };

export type PrunedE2eClaimMutationVariables = Exact<{
  input: ClaimRunInput;
}>;


export type PrunedE2eClaimMutation = { claimRun: { run: { id: string, ordinal: number, predictedMemoryBytes: number | null, config: { rank: number, quantization: QuantType, targetModules: Array<TargetModule>, learningRate: number } } | null } };

export type PrunedE2eLogMutationVariables = Exact<{
  input: LogMetricsInput;
}>;


export type PrunedE2eLogMutation = { logMetrics: { stored: number } };

export type PrunedE2eHeartbeatMutationVariables = Exact<{
  input: HeartbeatInput;
}>;


export type PrunedE2eHeartbeatMutation = { heartbeat: { cancelRequested: boolean } };

export type PrunedE2eFailMutationVariables = Exact<{
  input: FailRunInput;
}>;


export type PrunedE2eFailMutation = { failRun: { run: { status: RunStatus, error: string | null, prunedReason: string | null } } };

export type PrunedE2eCompleteMutationVariables = Exact<{
  input: CompleteRunInput;
}>;


export type PrunedE2eCompleteMutation = { completeRun: { run: { status: RunStatus } } };

export type PrunedE2eProjectMutationVariables = Exact<{
  input: CreateProjectInput;
}>;


export type PrunedE2eProjectMutation = { createProject: { project: { id: string } } };

export type ErrorDetailE2eAgentMutationVariables = Exact<{
  input: RegisterAgentInput;
}>;


export type ErrorDetailE2eAgentMutation = { registerAgent: { agent: { id: string } } };

export type ErrorDetailE2eClaimMutationVariables = Exact<{
  input: ClaimRunInput;
}>;


export type ErrorDetailE2eClaimMutation = { claimRun: { run: { id: string, ordinal: number } | null } };

export type ErrorDetailE2eFailMutationVariables = Exact<{
  input: FailRunInput;
}>;


export type ErrorDetailE2eFailMutation = { failRun: { run: { status: RunStatus, errorDetail: { code: string } | null } } };

export type ErrorDetailE2eProjectMutationVariables = Exact<{
  input: CreateProjectInput;
}>;


export type ErrorDetailE2eProjectMutation = { createProject: { project: { id: string } } };

export type ErrorDetailE2eSweepMutationVariables = Exact<{
  input: CreateSweepInput;
}>;


export type ErrorDetailE2eSweepMutation = { createSweep: { sweep: { id: string } } };

export type SearchE2eRunsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type SearchE2eRunsQuery = { sweep: { status: SweepStatus, progress: { succeeded: number, pruned: number }, infeasible: Array<{ predictedMemoryBytes: number, config: { quantization: QuantType, learningRate: number } }>, hypervolume: { points: Array<{ succeededRuns: number, hypervolume: number }> }, runs: { nodes: Array<{ id: string, ordinal: number, status: RunStatus, prunedRung: number | null, config: { learningRate: number } }> } } };

export type SearchE2eEstimateQueryVariables = Exact<{
  input: SweepPlanInput;
}>;


export type SearchE2eEstimateQuery = { estimateMemory: { configurations: Array<{ config: { quantization: QuantType }, memory: { total: number } | null }> } };

export type SearchE2eSweepMutationVariables = Exact<{
  input: CreateSweepInput;
}>;


export type SearchE2eSweepMutation = { createSweep: { sweep: { id: string, runCount: number } } };

export type SearchE2eRunQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type SearchE2eRunQuery = { run: { status: RunStatus, prunedRung: number | null, leaseExpiresAt: string | null } };

export type SearchE2eMetricsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type SearchE2eMetricsQuery = { run: { metrics: Array<{ points: Array<{ step: number }> }> } };

export type SearchE2eProjectMutationVariables = Exact<{
  input: CreateProjectInput;
}>;


export type SearchE2eProjectMutation = { createProject: { project: { id: string } } };

export type SeedCreateProjectMutationVariables = Exact<{
  input: CreateProjectInput;
}>;


export type SeedCreateProjectMutation = { createProject: { project: { id: string } } };

export type SeedCreateSweepMutationVariables = Exact<{
  input: CreateSweepInput;
}>;


export type SeedCreateSweepMutation = { createSweep: { sweep: { id: string, runCount: number } } };

export type SeedRegisterAgentMutationVariables = Exact<{
  input: RegisterAgentInput;
}>;


export type SeedRegisterAgentMutation = { registerAgent: { agent: { id: string } } };

export type SeedClaimRunMutationVariables = Exact<{
  input: ClaimRunInput;
}>;


export type SeedClaimRunMutation = { claimRun: { run: { id: string, predictedMemoryBytes: number | null, config: { rank: number, quantization: QuantType, targetModules: Array<TargetModule>, learningRate: number } } | null } };

export type SeedLogMetricsMutationVariables = Exact<{
  input: LogMetricsInput;
}>;


export type SeedLogMetricsMutation = { logMetrics: { stored: number } };

export type SeedCompleteRunMutationVariables = Exact<{
  input: CompleteRunInput;
}>;


export type SeedCompleteRunMutation = { completeRun: { run: { id: string } } };

export type SeedCreateFailingSweepMutationVariables = Exact<{
  input: CreateSweepInput;
}>;


export type SeedCreateFailingSweepMutation = { createSweep: { sweep: { id: string } } };

export type SeedClaimFailingRunMutationVariables = Exact<{
  input: ClaimRunInput;
}>;


export type SeedClaimFailingRunMutation = { claimRun: { run: { id: string } | null } };

export type SeedFailRunMutationVariables = Exact<{
  input: FailRunInput;
}>;


export type SeedFailRunMutation = { failRun: { run: { id: string, status: RunStatus } } };

export type ClientSpecHeartbeatMutationVariables = Exact<{
  input: HeartbeatInput;
}>;


export type ClientSpecHeartbeatMutation = { heartbeat: { cancelRequested: boolean, leaseExpiresAt: string | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AgentRunFieldsFragmentDoc = new TypedDocumentString(`
    fragment AgentRunFields on Run {
  id
  ordinal
  status
  attempt
  maxAttempts
  predictedMemoryBytes
  error
  errorDetail {
    code
    file
    line
    row
    field
  }
  cancelRequested
  prunedRung
  prunedReason
  config {
    baseModel
    dataset
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
    warmupRatio
    steps
    batchSize
    gradientAccumulation
    sequenceLength
    activationBudgetMiB
    evalBatchSize
    evalInterval
    seed
    datasetSettings {
      format
      trainOn
      packing
      evalDataset
      evalFraction
    }
  }
  summary {
    accuracy
    accuracyMetric
    evalLoss
    perplexity
    peakMemoryBytes
    predictedMemoryBytes
    trainableParams
    totalParams
    tokensPerSecond
    durationSeconds
    evalBatchSize
    evalPeakMemoryBytes
    memory {
      baseWeights
      adapters
      gradients
      optimizerState
      activations
    }
  }
}
    `, {"fragmentName":"AgentRunFields"}) as unknown as TypedDocumentString<AgentRunFieldsFragment, unknown>;
export const AgentSweepFieldsFragmentDoc = new TypedDocumentString(`
    fragment AgentSweepFields on Sweep {
  id
  name
  method
  status
  runCount
  baseModel
  dataset
  createdAt
  progress {
    total
    queued
    running
    succeeded
    failed
    cancelled
    pruned
    fractionDone
  }
}
    `, {"fragmentName":"AgentSweepFields"}) as unknown as TypedDocumentString<AgentSweepFieldsFragment, unknown>;
export const AgentArtifactFieldsFragmentDoc = new TypedDocumentString(`
    fragment AgentArtifactFields on Artifact {
  id
  kind
  name
  sizeBytes
  sha256
  createdAt
}
    `, {"fragmentName":"AgentArtifactFields"}) as unknown as TypedDocumentString<AgentArtifactFieldsFragment, unknown>;
export const EstimatedConfigurationFragmentDoc = new TypedDocumentString(`
    fragment EstimatedConfiguration on ConfigurationEstimate {
  config {
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
  }
  memory {
    total
  }
}
    `, {"fragmentName":"EstimatedConfiguration"}) as unknown as TypedDocumentString<EstimatedConfigurationFragment, unknown>;
export const SweepListFieldsFragmentDoc = new TypedDocumentString(`
    fragment SweepListFields on Sweep {
  id
  name
  status
  runCount
  createdAt
  bestAccuracy
  lowestPeakMemoryBytes
  project {
    id
    name
  }
  progress {
    total
    succeeded
    failed
    running
    queued
    cancelled
    pruned
    fractionDone
  }
}
    `, {"fragmentName":"SweepListFields"}) as unknown as TypedDocumentString<SweepListFieldsFragment, unknown>;
export const RunFieldsFragmentDoc = new TypedDocumentString(`
    fragment RunFields on Run {
  id
  ordinal
  status
  prunedRung
  attempt
  predictedMemoryBytes
  updatedAt
  config {
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
    seed
  }
  summary {
    accuracy
    peakMemoryBytes
    evalLoss
  }
}
    `, {"fragmentName":"RunFields"}) as unknown as TypedDocumentString<RunFieldsFragment, unknown>;
export const ChartRunFragmentDoc = new TypedDocumentString(`
    fragment ChartRun on Run {
  id
  ordinal
  status
  predictedMemoryBytes
  prunedRung
  prunedReason
  config {
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
    warmupRatio
    seed
  }
  summary {
    accuracy
    peakMemoryBytes
    predictedMemoryBytes
  }
}
    `, {"fragmentName":"ChartRun"}) as unknown as TypedDocumentString<ChartRunFragment, unknown>;
export const AgentRegisterDocument = new TypedDocumentString(`
    mutation AgentRegister($input: RegisterAgentInput!) {
  registerAgent(input: $input) {
    agent {
      id
    }
    leaseSeconds
  }
}
    `) as unknown as TypedDocumentString<AgentRegisterMutation, AgentRegisterMutationVariables>;
export const AgentClaimRunDocument = new TypedDocumentString(`
    mutation AgentClaimRun($input: ClaimRunInput!) {
  claimRun(input: $input) {
    leaseSeconds
    run {
      ...AgentRunFields
    }
  }
}
    fragment AgentRunFields on Run {
  id
  ordinal
  status
  attempt
  maxAttempts
  predictedMemoryBytes
  error
  errorDetail {
    code
    file
    line
    row
    field
  }
  cancelRequested
  prunedRung
  prunedReason
  config {
    baseModel
    dataset
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
    warmupRatio
    steps
    batchSize
    gradientAccumulation
    sequenceLength
    activationBudgetMiB
    evalBatchSize
    evalInterval
    seed
    datasetSettings {
      format
      trainOn
      packing
      evalDataset
      evalFraction
    }
  }
  summary {
    accuracy
    accuracyMetric
    evalLoss
    perplexity
    peakMemoryBytes
    predictedMemoryBytes
    trainableParams
    totalParams
    tokensPerSecond
    durationSeconds
    evalBatchSize
    evalPeakMemoryBytes
    memory {
      baseWeights
      adapters
      gradients
      optimizerState
      activations
    }
  }
}`) as unknown as TypedDocumentString<AgentClaimRunMutation, AgentClaimRunMutationVariables>;
export const AgentHeartbeatDocument = new TypedDocumentString(`
    mutation AgentHeartbeat($input: HeartbeatInput!) {
  heartbeat(input: $input) {
    cancelRequested
    leaseExpiresAt
  }
}
    `) as unknown as TypedDocumentString<AgentHeartbeatMutation, AgentHeartbeatMutationVariables>;
export const AgentLogMetricsDocument = new TypedDocumentString(`
    mutation AgentLogMetrics($input: LogMetricsInput!) {
  logMetrics(input: $input) {
    received
    stored
  }
}
    `) as unknown as TypedDocumentString<AgentLogMetricsMutation, AgentLogMetricsMutationVariables>;
export const AgentCompleteRunDocument = new TypedDocumentString(`
    mutation AgentCompleteRun($input: CompleteRunInput!) {
  completeRun(input: $input) {
    run {
      id
      status
    }
  }
}
    `) as unknown as TypedDocumentString<AgentCompleteRunMutation, AgentCompleteRunMutationVariables>;
export const AgentFailRunDocument = new TypedDocumentString(`
    mutation AgentFailRun($input: FailRunInput!) {
  failRun(input: $input) {
    run {
      id
      status
    }
  }
}
    `) as unknown as TypedDocumentString<AgentFailRunMutation, AgentFailRunMutationVariables>;
export const AgentReleaseRunDocument = new TypedDocumentString(`
    mutation AgentReleaseRun($input: ReleaseRunInput!) {
  releaseRun(input: $input) {
    run {
      id
      status
    }
  }
}
    `) as unknown as TypedDocumentString<AgentReleaseRunMutation, AgentReleaseRunMutationVariables>;
export const CliCancelRunDocument = new TypedDocumentString(`
    mutation CliCancelRun($input: CancelRunInput!) {
  cancelRun(input: $input) {
    run {
      id
      status
    }
  }
}
    `) as unknown as TypedDocumentString<CliCancelRunMutation, CliCancelRunMutationVariables>;
export const CliProjectsDocument = new TypedDocumentString(`
    query CliProjects {
  projects(first: 100) {
    nodes {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<CliProjectsQuery, CliProjectsQueryVariables>;
export const CliCreateProjectDocument = new TypedDocumentString(`
    mutation CliCreateProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    project {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<CliCreateProjectMutation, CliCreateProjectMutationVariables>;
export const CliCreateSweepDocument = new TypedDocumentString(`
    mutation CliCreateSweep($input: CreateSweepInput!) {
  createSweep(input: $input) {
    sweep {
      ...AgentSweepFields
      maxRuns
      infeasible {
        predictedMemoryBytes
      }
    }
  }
}
    fragment AgentSweepFields on Sweep {
  id
  name
  method
  status
  runCount
  baseModel
  dataset
  createdAt
  progress {
    total
    queued
    running
    succeeded
    failed
    cancelled
    pruned
    fractionDone
  }
}`) as unknown as TypedDocumentString<CliCreateSweepMutation, CliCreateSweepMutationVariables>;
export const CliSweepsDocument = new TypedDocumentString(`
    query CliSweeps {
  sweeps(first: 100) {
    nodes {
      ...AgentSweepFields
    }
  }
}
    fragment AgentSweepFields on Sweep {
  id
  name
  method
  status
  runCount
  baseModel
  dataset
  createdAt
  progress {
    total
    queued
    running
    succeeded
    failed
    cancelled
    pruned
    fractionDone
  }
}`) as unknown as TypedDocumentString<CliSweepsQuery, CliSweepsQueryVariables>;
export const CliSweepDocument = new TypedDocumentString(`
    query CliSweep($id: ID!) {
  sweep(id: $id) {
    ...AgentSweepFields
    paretoFront {
      ...AgentRunFields
    }
    space {
      quantization
      alphaRange {
        min
      }
      learningRateRange {
        min
      }
      dropoutRange {
        min
      }
    }
    comparison {
      quantization
      accuracyDelta
      memoryRatio
      baseline {
        ...AgentRunFields
      }
      quantized {
        ...AgentRunFields
      }
    }
    infeasible {
      predictedMemoryBytes
      config {
        baseModel
        dataset
        rank
        alpha
        quantization
        doubleQuant
        targetModules
        learningRate
        dropout
        warmupRatio
        steps
        batchSize
        gradientAccumulation
        sequenceLength
        activationBudgetMiB
        evalBatchSize
        evalInterval
        seed
        datasetSettings {
          format
          trainOn
          packing
          evalDataset
          evalFraction
        }
      }
    }
    hypervolume {
      referenceMemoryBytes
      points {
        succeededRuns
        hypervolume
      }
    }
    earlyTerminationSavings {
      prunedRuns
      endedRuns
      stepsTrained
      stepsFull
      fractionSaved
    }
  }
}
    fragment AgentRunFields on Run {
  id
  ordinal
  status
  attempt
  maxAttempts
  predictedMemoryBytes
  error
  errorDetail {
    code
    file
    line
    row
    field
  }
  cancelRequested
  prunedRung
  prunedReason
  config {
    baseModel
    dataset
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
    warmupRatio
    steps
    batchSize
    gradientAccumulation
    sequenceLength
    activationBudgetMiB
    evalBatchSize
    evalInterval
    seed
    datasetSettings {
      format
      trainOn
      packing
      evalDataset
      evalFraction
    }
  }
  summary {
    accuracy
    accuracyMetric
    evalLoss
    perplexity
    peakMemoryBytes
    predictedMemoryBytes
    trainableParams
    totalParams
    tokensPerSecond
    durationSeconds
    evalBatchSize
    evalPeakMemoryBytes
    memory {
      baseWeights
      adapters
      gradients
      optimizerState
      activations
    }
  }
}
fragment AgentSweepFields on Sweep {
  id
  name
  method
  status
  runCount
  baseModel
  dataset
  createdAt
  progress {
    total
    queued
    running
    succeeded
    failed
    cancelled
    pruned
    fractionDone
  }
}`) as unknown as TypedDocumentString<CliSweepQuery, CliSweepQueryVariables>;
export const CliSweepRunsDocument = new TypedDocumentString(`
    query CliSweepRuns($id: ID!, $after: String) {
  sweep(id: $id) {
    runs(first: 100, after: $after, orderBy: {field: ORDINAL}) {
      nodes {
        ...AgentRunFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment AgentRunFields on Run {
  id
  ordinal
  status
  attempt
  maxAttempts
  predictedMemoryBytes
  error
  errorDetail {
    code
    file
    line
    row
    field
  }
  cancelRequested
  prunedRung
  prunedReason
  config {
    baseModel
    dataset
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
    warmupRatio
    steps
    batchSize
    gradientAccumulation
    sequenceLength
    activationBudgetMiB
    evalBatchSize
    evalInterval
    seed
    datasetSettings {
      format
      trainOn
      packing
      evalDataset
      evalFraction
    }
  }
  summary {
    accuracy
    accuracyMetric
    evalLoss
    perplexity
    peakMemoryBytes
    predictedMemoryBytes
    trainableParams
    totalParams
    tokensPerSecond
    durationSeconds
    evalBatchSize
    evalPeakMemoryBytes
    memory {
      baseWeights
      adapters
      gradients
      optimizerState
      activations
    }
  }
}`) as unknown as TypedDocumentString<CliSweepRunsQuery, CliSweepRunsQueryVariables>;
export const CliCancelSweepDocument = new TypedDocumentString(`
    mutation CliCancelSweep($input: CancelSweepInput!) {
  cancelSweep(input: $input) {
    cancelledRuns
    stoppingRuns
    sweep {
      ...AgentSweepFields
    }
  }
}
    fragment AgentSweepFields on Sweep {
  id
  name
  method
  status
  runCount
  baseModel
  dataset
  createdAt
  progress {
    total
    queued
    running
    succeeded
    failed
    cancelled
    pruned
    fractionDone
  }
}`) as unknown as TypedDocumentString<CliCancelSweepMutation, CliCancelSweepMutationVariables>;
export const CliEstimateMemoryDocument = new TypedDocumentString(`
    query CliEstimateMemory($input: SweepPlanInput!) {
  estimateMemory(input: $input) {
    memoryCorrection {
      base
      byTargets {
        targetModules
        correction
      }
    }
    runCount
    configurations {
      config {
        baseModel
        dataset
        rank
        alpha
        quantization
        doubleQuant
        targetModules
        learningRate
        dropout
        warmupRatio
        steps
        batchSize
        gradientAccumulation
        sequenceLength
        activationBudgetMiB
        evalBatchSize
        evalInterval
        seed
        datasetSettings {
          format
          trainOn
          packing
          evalDataset
          evalFraction
        }
      }
      memory {
        baseWeights
        adapters
        gradients
        optimizerState
        activations
        total
      }
      correction
      correctionSource
    }
    infeasible {
      config {
        rank
        quantization
        doubleQuant
        targetModules
        learningRate
      }
      memory {
        total
      }
      correction
      correctionSource
    }
  }
}
    `) as unknown as TypedDocumentString<CliEstimateMemoryQuery, CliEstimateMemoryQueryVariables>;
export const CliRunDocument = new TypedDocumentString(`
    query CliRun($id: ID!) {
  run(id: $id) {
    ...AgentRunFields
  }
}
    fragment AgentRunFields on Run {
  id
  ordinal
  status
  attempt
  maxAttempts
  predictedMemoryBytes
  error
  errorDetail {
    code
    file
    line
    row
    field
  }
  cancelRequested
  prunedRung
  prunedReason
  config {
    baseModel
    dataset
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
    warmupRatio
    steps
    batchSize
    gradientAccumulation
    sequenceLength
    activationBudgetMiB
    evalBatchSize
    evalInterval
    seed
    datasetSettings {
      format
      trainOn
      packing
      evalDataset
      evalFraction
    }
  }
  summary {
    accuracy
    accuracyMetric
    evalLoss
    perplexity
    peakMemoryBytes
    predictedMemoryBytes
    trainableParams
    totalParams
    tokensPerSecond
    durationSeconds
    evalBatchSize
    evalPeakMemoryBytes
    memory {
      baseWeights
      adapters
      gradients
      optimizerState
      activations
    }
  }
}`) as unknown as TypedDocumentString<CliRunQuery, CliRunQueryVariables>;
export const AgentRunArtifactsDocument = new TypedDocumentString(`
    query AgentRunArtifacts($id: ID!) {
  run(id: $id) {
    artifacts {
      ...AgentArtifactFields
    }
    latestCheckpoint {
      ...AgentArtifactFields
    }
  }
}
    fragment AgentArtifactFields on Artifact {
  id
  kind
  name
  sizeBytes
  sha256
  createdAt
}`) as unknown as TypedDocumentString<AgentRunArtifactsQuery, AgentRunArtifactsQueryVariables>;
export const CliRunMetricsDocument = new TypedDocumentString(`
    query CliRunMetrics($id: ID!, $keys: [String!]) {
  run(id: $id) {
    metrics(keys: $keys, maxPoints: 10000) {
      key
      points {
        step
        value
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CliRunMetricsQuery, CliRunMetricsQueryVariables>;
export const KeepAlivePingDocument = new TypedDocumentString(`
    query KeepAlivePing {
  __typename
}
    `) as unknown as TypedDocumentString<KeepAlivePingQuery, KeepAlivePingQueryVariables>;
export const AgentListDocument = new TypedDocumentString(`
    query AgentList {
  agents(first: 1000) {
    nodes {
      id
      name
      backend
      hostname
      deviceMemoryBytes
      online
      lastSeenAt
      currentRun {
        id
        ordinal
        sweep {
          id
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AgentListQuery, AgentListQueryVariables>;
export const MetricsLoggedDocument = new TypedDocumentString(`
    subscription MetricsLogged($runId: ID!) {
  metricsLogged(runId: $runId) {
    runId
    lastStep
    count
  }
}
    `) as unknown as TypedDocumentString<MetricsLoggedSubscription, MetricsLoggedSubscriptionVariables>;
export const RunUpdatedDocument = new TypedDocumentString(`
    subscription RunUpdated($sweepId: ID!) {
  runUpdated(sweepId: $sweepId) {
    run {
      id
      status
    }
    sweep {
      id
      status
    }
  }
}
    `) as unknown as TypedDocumentString<RunUpdatedSubscription, RunUpdatedSubscriptionVariables>;
export const SignInViewerDocument = new TypedDocumentString(`
    query SignInViewer {
  viewer {
    team {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<SignInViewerQuery, SignInViewerQueryVariables>;
export const ProjectHeaderDocument = new TypedDocumentString(`
    query ProjectHeader($id: ID!) {
  project(id: $id) {
    name
    description
  }
}
    `) as unknown as TypedDocumentString<ProjectHeaderQuery, ProjectHeaderQueryVariables>;
export const CreateProjectDocument = new TypedDocumentString(`
    mutation CreateProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    project {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<CreateProjectMutation, CreateProjectMutationVariables>;
export const ProjectListDocument = new TypedDocumentString(`
    query ProjectList {
  projects(first: 1000) {
    nodes {
      id
      name
      description
      createdAt
      sweeps(first: 1) {
        totalCount
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ProjectListQuery, ProjectListQueryVariables>;
export const CancelRunDocument = new TypedDocumentString(`
    mutation CancelRun($input: CancelRunInput!) {
  cancelRun(input: $input) {
    run {
      status
      cancelRequested
    }
  }
}
    `) as unknown as TypedDocumentString<CancelRunMutation, CancelRunMutationVariables>;
export const RunDetailDocument = new TypedDocumentString(`
    query RunDetail($id: ID!) {
  run(id: $id) {
    id
    ordinal
    status
    prunedRung
    prunedReason
    attempt
    maxAttempts
    error
    errorDetail {
      code
      file
      line
      row
      field
    }
    predictedMemoryBytes
    queuedAt
    startedAt
    finishedAt
    leaseExpiresAt
    cancelRequested
    sweep {
      id
      name
    }
    artifacts {
      id
      kind
      name
      sizeBytes
      sha256
      createdAt
    }
    agent {
      id
      name
      backend
      hostname
      online
    }
    config {
      baseModel
      dataset
      datasetSettings {
        format
        trainOn
        packing
        evalDataset
        evalFraction
      }
      rank
      alpha
      quantization
      doubleQuant
      targetModules
      learningRate
      dropout
      warmupRatio
      steps
      batchSize
      gradientAccumulation
      sequenceLength
      activationBudgetMiB
      evalBatchSize
      evalInterval
      seed
    }
    summary {
      accuracy
      accuracyMetric
      evalLoss
      perplexity
      peakMemoryBytes
      predictedMemoryBytes
      trainableParams
      totalParams
      tokensPerSecond
      durationSeconds
      evalBatchSize
      evalPeakMemoryBytes
      memory {
        baseWeights
        adapters
        gradients
        optimizerState
        activations
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RunDetailQuery, RunDetailQueryVariables>;
export const RunMetricsDocument = new TypedDocumentString(`
    query RunMetrics($id: ID!, $keys: [String!]) {
  run(id: $id) {
    metrics(keys: $keys, maxPoints: 1000) {
      key
      downsampled
      points {
        step
        value
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RunMetricsQuery, RunMetricsQueryVariables>;
export const RunPeakDocument = new TypedDocumentString(`
    query RunPeak($id: ID!) {
  run(id: $id) {
    metrics(keys: ["memory/peak_bytes"], maxPoints: 2) {
      max
    }
  }
}
    `) as unknown as TypedDocumentString<RunPeakQuery, RunPeakQueryVariables>;
export const CancelSweepDocument = new TypedDocumentString(`
    mutation CancelSweep($input: CancelSweepInput!) {
  cancelSweep(input: $input) {
    cancelledRuns
    stoppingRuns
  }
}
    `) as unknown as TypedDocumentString<CancelSweepMutation, CancelSweepMutationVariables>;
export const SweepRunsDocument = new TypedDocumentString(`
    query SweepRuns($id: ID!, $first: Int, $after: String, $filter: RunFilter, $orderBy: RunOrder) {
  sweep(id: $id) {
    runs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      nodes {
        ...RunFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment RunFields on Run {
  id
  ordinal
  status
  prunedRung
  attempt
  predictedMemoryBytes
  updatedAt
  config {
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
    seed
  }
  summary {
    accuracy
    peakMemoryBytes
    evalLoss
  }
}`) as unknown as TypedDocumentString<SweepRunsQuery, SweepRunsQueryVariables>;
export const EstimateDocument = new TypedDocumentString(`
    query Estimate($input: SweepPlanInput!) {
  estimateMemory(input: $input) {
    runCount
    memoryCorrection {
      base
      byTargets {
        targetModules
        correction
      }
    }
    configurations {
      ...EstimatedConfiguration
    }
    infeasible {
      ...EstimatedConfiguration
    }
  }
}
    fragment EstimatedConfiguration on ConfigurationEstimate {
  config {
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
  }
  memory {
    total
  }
}`) as unknown as TypedDocumentString<EstimateQuery, EstimateQueryVariables>;
export const CreateSweepDocument = new TypedDocumentString(`
    mutation CreateSweep($input: CreateSweepInput!) {
  createSweep(input: $input) {
    sweep {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<CreateSweepMutation, CreateSweepMutationVariables>;
export const NewSweepProjectsDocument = new TypedDocumentString(`
    query NewSweepProjects {
  projects(first: 1000) {
    nodes {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<NewSweepProjectsQuery, NewSweepProjectsQueryVariables>;
export const ProjectSweepsDocument = new TypedDocumentString(`
    query ProjectSweeps($id: ID!) {
  project(id: $id) {
    sweeps(first: 1000) {
      nodes {
        ...SweepListFields
      }
    }
  }
}
    fragment SweepListFields on Sweep {
  id
  name
  status
  runCount
  createdAt
  bestAccuracy
  lowestPeakMemoryBytes
  project {
    id
    name
  }
  progress {
    total
    succeeded
    failed
    running
    queued
    cancelled
    pruned
    fractionDone
  }
}`) as unknown as TypedDocumentString<ProjectSweepsQuery, ProjectSweepsQueryVariables>;
export const SweepsDocument = new TypedDocumentString(`
    query Sweeps {
  sweeps(first: 1000) {
    nodes {
      ...SweepListFields
    }
  }
}
    fragment SweepListFields on Sweep {
  id
  name
  status
  runCount
  createdAt
  bestAccuracy
  lowestPeakMemoryBytes
  project {
    id
    name
  }
  progress {
    total
    succeeded
    failed
    running
    queued
    cancelled
    pruned
    fractionDone
  }
}`) as unknown as TypedDocumentString<SweepsQuery, SweepsQueryVariables>;
export const SweepDetailDocument = new TypedDocumentString(`
    query SweepDetail($id: ID!) {
  sweep(id: $id) {
    id
    name
    status
    method
    maxRuns
    baseModel
    dataset
    runCount
    createdAt
    bestAccuracy
    lowestPeakMemoryBytes
    project {
      id
      name
    }
    training {
      steps
      batchSize
      sequenceLength
      evalInterval
    }
    earlyTerminate {
      type
      minSteps
      eta
      minRuns
    }
    constraints {
      maxPeakMemoryBytes
    }
    space {
      quantization
      alphaRange {
        min
      }
      learningRateRange {
        min
      }
      dropoutRange {
        min
      }
    }
    infeasible {
      predictedMemoryBytes
      config {
        rank
        alpha
        quantization
        doubleQuant
        targetModules
        learningRate
        dropout
        warmupRatio
        seed
      }
    }
    hypervolume {
      referenceMemoryBytes
      points {
        succeededRuns
        hypervolume
      }
    }
    progress {
      total
      queued
      running
      succeeded
      failed
      cancelled
      pruned
      fractionDone
    }
    earlyTerminationSavings {
      prunedRuns
      endedRuns
      stepsTrained
      stepsFull
      fractionSaved
    }
    paretoFront {
      ...ChartRun
    }
  }
}
    fragment ChartRun on Run {
  id
  ordinal
  status
  predictedMemoryBytes
  prunedRung
  prunedReason
  config {
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
    warmupRatio
    seed
  }
  summary {
    accuracy
    peakMemoryBytes
    predictedMemoryBytes
  }
}`) as unknown as TypedDocumentString<SweepDetailQuery, SweepDetailQueryVariables>;
export const SweepComparisonDocument = new TypedDocumentString(`
    query SweepComparison($id: ID!) {
  sweep(id: $id) {
    comparison {
      quantization
      accuracyDelta
      memoryRatio
      baseline {
        ...ChartRun
      }
      quantized {
        ...ChartRun
      }
    }
  }
}
    fragment ChartRun on Run {
  id
  ordinal
  status
  predictedMemoryBytes
  prunedRung
  prunedReason
  config {
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
    warmupRatio
    seed
  }
  summary {
    accuracy
    peakMemoryBytes
    predictedMemoryBytes
  }
}`) as unknown as TypedDocumentString<SweepComparisonQuery, SweepComparisonQueryVariables>;
export const RunsByStatusDocument = new TypedDocumentString(`
    query RunsByStatus($id: ID!, $status: [RunStatus!]!, $after: String) {
  sweep(id: $id) {
    runs(first: 1000, after: $after, filter: {status: $status}) {
      nodes {
        ...ChartRun
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment ChartRun on Run {
  id
  ordinal
  status
  predictedMemoryBytes
  prunedRung
  prunedReason
  config {
    rank
    alpha
    quantization
    doubleQuant
    targetModules
    learningRate
    dropout
    warmupRatio
    seed
  }
  summary {
    accuracy
    peakMemoryBytes
    predictedMemoryBytes
  }
}`) as unknown as TypedDocumentString<RunsByStatusQuery, RunsByStatusQueryVariables>;
export const LiveTestClaimRunDocument = new TypedDocumentString(`
    mutation LiveTestClaimRun($input: ClaimRunInput!) {
  claimRun(input: $input) {
    run {
      id
      predictedMemoryBytes
      config {
        rank
        quantization
        targetModules
        learningRate
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LiveTestClaimRunMutation, LiveTestClaimRunMutationVariables>;
export const LiveTestLogMetricsDocument = new TypedDocumentString(`
    mutation LiveTestLogMetrics($input: LogMetricsInput!) {
  logMetrics(input: $input) {
    stored
  }
}
    `) as unknown as TypedDocumentString<LiveTestLogMetricsMutation, LiveTestLogMetricsMutationVariables>;
export const LiveTestCompleteRunDocument = new TypedDocumentString(`
    mutation LiveTestCompleteRun($input: CompleteRunInput!) {
  completeRun(input: $input) {
    run {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<LiveTestCompleteRunMutation, LiveTestCompleteRunMutationVariables>;
export const NpmStartSweepStatusDocument = new TypedDocumentString(`
    query NpmStartSweepStatus($id: ID!) {
  sweep(id: $id) {
    status
  }
}
    `) as unknown as TypedDocumentString<NpmStartSweepStatusQuery, NpmStartSweepStatusQueryVariables>;
export const NpmStartRunArtifactsDocument = new TypedDocumentString(`
    query NpmStartRunArtifacts($id: ID!) {
  sweep(id: $id) {
    runs(first: 10) {
      nodes {
        id
        artifacts {
          kind
          name
          sha256
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NpmStartRunArtifactsQuery, NpmStartRunArtifactsQueryVariables>;
export const PrunedE2eSweepDocument = new TypedDocumentString(`
    mutation PrunedE2eSweep($input: CreateSweepInput!) {
  createSweep(input: $input) {
    sweep {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<PrunedE2eSweepMutation, PrunedE2eSweepMutationVariables>;
export const PrunedE2eAgentDocument = new TypedDocumentString(`
    mutation PrunedE2eAgent($input: RegisterAgentInput!) {
  registerAgent(input: $input) {
    agent {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<PrunedE2eAgentMutation, PrunedE2eAgentMutationVariables>;
export const PrunedE2eClaimDocument = new TypedDocumentString(`
    mutation PrunedE2eClaim($input: ClaimRunInput!) {
  claimRun(input: $input) {
    run {
      id
      ordinal
      predictedMemoryBytes
      config {
        rank
        quantization
        targetModules
        learningRate
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PrunedE2eClaimMutation, PrunedE2eClaimMutationVariables>;
export const PrunedE2eLogDocument = new TypedDocumentString(`
    mutation PrunedE2eLog($input: LogMetricsInput!) {
  logMetrics(input: $input) {
    stored
  }
}
    `) as unknown as TypedDocumentString<PrunedE2eLogMutation, PrunedE2eLogMutationVariables>;
export const PrunedE2eHeartbeatDocument = new TypedDocumentString(`
    mutation PrunedE2eHeartbeat($input: HeartbeatInput!) {
  heartbeat(input: $input) {
    cancelRequested
  }
}
    `) as unknown as TypedDocumentString<PrunedE2eHeartbeatMutation, PrunedE2eHeartbeatMutationVariables>;
export const PrunedE2eFailDocument = new TypedDocumentString(`
    mutation PrunedE2eFail($input: FailRunInput!) {
  failRun(input: $input) {
    run {
      status
      error
      prunedReason
    }
  }
}
    `) as unknown as TypedDocumentString<PrunedE2eFailMutation, PrunedE2eFailMutationVariables>;
export const PrunedE2eCompleteDocument = new TypedDocumentString(`
    mutation PrunedE2eComplete($input: CompleteRunInput!) {
  completeRun(input: $input) {
    run {
      status
    }
  }
}
    `) as unknown as TypedDocumentString<PrunedE2eCompleteMutation, PrunedE2eCompleteMutationVariables>;
export const PrunedE2eProjectDocument = new TypedDocumentString(`
    mutation PrunedE2eProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    project {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<PrunedE2eProjectMutation, PrunedE2eProjectMutationVariables>;
export const ErrorDetailE2eAgentDocument = new TypedDocumentString(`
    mutation ErrorDetailE2eAgent($input: RegisterAgentInput!) {
  registerAgent(input: $input) {
    agent {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<ErrorDetailE2eAgentMutation, ErrorDetailE2eAgentMutationVariables>;
export const ErrorDetailE2eClaimDocument = new TypedDocumentString(`
    mutation ErrorDetailE2eClaim($input: ClaimRunInput!) {
  claimRun(input: $input) {
    run {
      id
      ordinal
    }
  }
}
    `) as unknown as TypedDocumentString<ErrorDetailE2eClaimMutation, ErrorDetailE2eClaimMutationVariables>;
export const ErrorDetailE2eFailDocument = new TypedDocumentString(`
    mutation ErrorDetailE2eFail($input: FailRunInput!) {
  failRun(input: $input) {
    run {
      status
      errorDetail {
        code
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ErrorDetailE2eFailMutation, ErrorDetailE2eFailMutationVariables>;
export const ErrorDetailE2eProjectDocument = new TypedDocumentString(`
    mutation ErrorDetailE2eProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    project {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<ErrorDetailE2eProjectMutation, ErrorDetailE2eProjectMutationVariables>;
export const ErrorDetailE2eSweepDocument = new TypedDocumentString(`
    mutation ErrorDetailE2eSweep($input: CreateSweepInput!) {
  createSweep(input: $input) {
    sweep {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<ErrorDetailE2eSweepMutation, ErrorDetailE2eSweepMutationVariables>;
export const SearchE2eRunsDocument = new TypedDocumentString(`
    query SearchE2eRuns($id: ID!) {
  sweep(id: $id) {
    status
    progress {
      succeeded
      pruned
    }
    infeasible {
      predictedMemoryBytes
      config {
        quantization
        learningRate
      }
    }
    hypervolume {
      points {
        succeededRuns
        hypervolume
      }
    }
    runs(first: 10) {
      nodes {
        id
        ordinal
        status
        prunedRung
        config {
          learningRate
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SearchE2eRunsQuery, SearchE2eRunsQueryVariables>;
export const SearchE2eEstimateDocument = new TypedDocumentString(`
    query SearchE2eEstimate($input: SweepPlanInput!) {
  estimateMemory(input: $input) {
    configurations {
      config {
        quantization
      }
      memory {
        total
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SearchE2eEstimateQuery, SearchE2eEstimateQueryVariables>;
export const SearchE2eSweepDocument = new TypedDocumentString(`
    mutation SearchE2eSweep($input: CreateSweepInput!) {
  createSweep(input: $input) {
    sweep {
      id
      runCount
    }
  }
}
    `) as unknown as TypedDocumentString<SearchE2eSweepMutation, SearchE2eSweepMutationVariables>;
export const SearchE2eRunDocument = new TypedDocumentString(`
    query SearchE2eRun($id: ID!) {
  run(id: $id) {
    status
    prunedRung
    leaseExpiresAt
  }
}
    `) as unknown as TypedDocumentString<SearchE2eRunQuery, SearchE2eRunQueryVariables>;
export const SearchE2eMetricsDocument = new TypedDocumentString(`
    query SearchE2eMetrics($id: ID!) {
  run(id: $id) {
    metrics(keys: ["train/loss"]) {
      points {
        step
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SearchE2eMetricsQuery, SearchE2eMetricsQueryVariables>;
export const SearchE2eProjectDocument = new TypedDocumentString(`
    mutation SearchE2eProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    project {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<SearchE2eProjectMutation, SearchE2eProjectMutationVariables>;
export const SeedCreateProjectDocument = new TypedDocumentString(`
    mutation SeedCreateProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    project {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<SeedCreateProjectMutation, SeedCreateProjectMutationVariables>;
export const SeedCreateSweepDocument = new TypedDocumentString(`
    mutation SeedCreateSweep($input: CreateSweepInput!) {
  createSweep(input: $input) {
    sweep {
      id
      runCount
    }
  }
}
    `) as unknown as TypedDocumentString<SeedCreateSweepMutation, SeedCreateSweepMutationVariables>;
export const SeedRegisterAgentDocument = new TypedDocumentString(`
    mutation SeedRegisterAgent($input: RegisterAgentInput!) {
  registerAgent(input: $input) {
    agent {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<SeedRegisterAgentMutation, SeedRegisterAgentMutationVariables>;
export const SeedClaimRunDocument = new TypedDocumentString(`
    mutation SeedClaimRun($input: ClaimRunInput!) {
  claimRun(input: $input) {
    run {
      id
      predictedMemoryBytes
      config {
        rank
        quantization
        targetModules
        learningRate
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SeedClaimRunMutation, SeedClaimRunMutationVariables>;
export const SeedLogMetricsDocument = new TypedDocumentString(`
    mutation SeedLogMetrics($input: LogMetricsInput!) {
  logMetrics(input: $input) {
    stored
  }
}
    `) as unknown as TypedDocumentString<SeedLogMetricsMutation, SeedLogMetricsMutationVariables>;
export const SeedCompleteRunDocument = new TypedDocumentString(`
    mutation SeedCompleteRun($input: CompleteRunInput!) {
  completeRun(input: $input) {
    run {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<SeedCompleteRunMutation, SeedCompleteRunMutationVariables>;
export const SeedCreateFailingSweepDocument = new TypedDocumentString(`
    mutation SeedCreateFailingSweep($input: CreateSweepInput!) {
  createSweep(input: $input) {
    sweep {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<SeedCreateFailingSweepMutation, SeedCreateFailingSweepMutationVariables>;
export const SeedClaimFailingRunDocument = new TypedDocumentString(`
    mutation SeedClaimFailingRun($input: ClaimRunInput!) {
  claimRun(input: $input) {
    run {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<SeedClaimFailingRunMutation, SeedClaimFailingRunMutationVariables>;
export const SeedFailRunDocument = new TypedDocumentString(`
    mutation SeedFailRun($input: FailRunInput!) {
  failRun(input: $input) {
    run {
      id
      status
    }
  }
}
    `) as unknown as TypedDocumentString<SeedFailRunMutation, SeedFailRunMutationVariables>;
export const ClientSpecHeartbeatDocument = new TypedDocumentString(`
    mutation ClientSpecHeartbeat($input: HeartbeatInput!) {
  heartbeat(input: $input) {
    cancelRequested
    leaseExpiresAt
  }
}
    `) as unknown as TypedDocumentString<ClientSpecHeartbeatMutation, ClientSpecHeartbeatMutationVariables>;