/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment AgentRunFields on Run {\n    id ordinal status attempt maxAttempts predictedMemoryBytes error errorDetail { code file line row field } cancelRequested prunedRung prunedReason\n    config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed datasetSettings { format trainOn packing evalDataset evalFraction } }\n    summary {\n      accuracy accuracyMetric evalLoss perplexity peakMemoryBytes predictedMemoryBytes trainableParams totalParams tokensPerSecond durationSeconds evalBatchSize evalPeakMemoryBytes\n      memory { baseWeights adapters gradients optimizerState activations }\n    }\n  }\n": typeof types.AgentRunFieldsFragmentDoc,
    "\n  fragment AgentSweepFields on Sweep {\n    id name method status runCount baseModel dataset createdAt\n    progress { total queued running succeeded failed cancelled pruned fractionDone }\n  }\n": typeof types.AgentSweepFieldsFragmentDoc,
    "\n  fragment AgentArtifactFields on Artifact { id kind name sizeBytes sha256 createdAt }\n": typeof types.AgentArtifactFieldsFragmentDoc,
    "\n  mutation AgentRegister($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } leaseSeconds } }\n": typeof types.AgentRegisterDocument,
    "\n  mutation AgentClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { leaseSeconds run { ...AgentRunFields } } }\n": typeof types.AgentClaimRunDocument,
    "\n  mutation AgentHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested leaseExpiresAt } }\n": typeof types.AgentHeartbeatDocument,
    "\n  mutation AgentLogMetrics($input: LogMetricsInput!) { logMetrics(input: $input) { received stored } }\n": typeof types.AgentLogMetricsDocument,
    "\n  mutation AgentCompleteRun($input: CompleteRunInput!) { completeRun(input: $input) { run { id status } } }\n": typeof types.AgentCompleteRunDocument,
    "\n  mutation AgentFailRun($input: FailRunInput!) { failRun(input: $input) { run { id status } } }\n": typeof types.AgentFailRunDocument,
    "\n  mutation AgentReleaseRun($input: ReleaseRunInput!) { releaseRun(input: $input) { run { id status } } }\n": typeof types.AgentReleaseRunDocument,
    "\n  mutation CliCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { run { id status } } }\n": typeof types.CliCancelRunDocument,
    "\n  query CliProjects { projects(first: 100) { nodes { id name } } }\n": typeof types.CliProjectsDocument,
    "\n  mutation CliCreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { id name } } }\n": typeof types.CliCreateProjectDocument,
    "\n  mutation CliCreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { ...AgentSweepFields maxRuns infeasible { predictedMemoryBytes } } } }\n": typeof types.CliCreateSweepDocument,
    "\n  query CliSweeps { sweeps(first: 100) { nodes { ...AgentSweepFields } } }\n": typeof types.CliSweepsDocument,
    "\n  query CliSweep($id: ID!) {\n    sweep(id: $id) {\n      ...AgentSweepFields\n      paretoFront { ...AgentRunFields }\n      space { quantization alphaRange { min } learningRateRange { min } dropoutRange { min } }\n      comparison { quantization accuracyDelta memoryRatio baseline { ...AgentRunFields } quantized { ...AgentRunFields } }\n      infeasible { predictedMemoryBytes config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed datasetSettings { format trainOn packing evalDataset evalFraction } } }\n      hypervolume { referenceMemoryBytes points { succeededRuns hypervolume } }\n      earlyTerminationSavings { prunedRuns endedRuns stepsTrained stepsFull fractionSaved }\n    }\n  }\n": typeof types.CliSweepDocument,
    "\n  query CliSweepRuns($id: ID!, $after: String) {\n    sweep(id: $id) {\n      runs(first: 100, after: $after, orderBy: { field: ORDINAL }) { nodes { ...AgentRunFields } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": typeof types.CliSweepRunsDocument,
    "\n  mutation CliCancelSweep($input: CancelSweepInput!) {\n    cancelSweep(input: $input) { cancelledRuns stoppingRuns sweep { ...AgentSweepFields } }\n  }\n": typeof types.CliCancelSweepDocument,
    "\n  query CliEstimateMemory($input: SweepPlanInput!) {\n    estimateMemory(input: $input) {\n      memoryCorrection { base byTargets { targetModules correction } }\n      runCount\n      configurations {\n        config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed datasetSettings { format trainOn packing evalDataset evalFraction } }\n        memory { baseWeights adapters gradients optimizerState activations total }\n        correction correctionSource\n      }\n      infeasible {\n        config { rank quantization doubleQuant targetModules learningRate }\n        memory { total }\n        correction correctionSource\n      }\n    }\n  }\n": typeof types.CliEstimateMemoryDocument,
    "\n  query CliRun($id: ID!) { run(id: $id) { ...AgentRunFields } }\n": typeof types.CliRunDocument,
    "\n  query AgentRunArtifacts($id: ID!) {\n    run(id: $id) { artifacts { ...AgentArtifactFields } latestCheckpoint { ...AgentArtifactFields } }\n  }\n": typeof types.AgentRunArtifactsDocument,
    "\n  query CliRunMetrics($id: ID!, $keys: [String!]) {\n    run(id: $id) { metrics(keys: $keys, maxPoints: 10000) { key points { step value } } }\n  }\n": typeof types.CliRunMetricsDocument,
    "query KeepAlivePing { __typename }": typeof types.KeepAlivePingDocument,
    "\n  query AgentList {\n    agents(first: 1000) { nodes { id name backend hostname deviceMemoryBytes online lastSeenAt currentRun { id ordinal sweep { id name } } } }\n  }\n": typeof types.AgentListDocument,
    "subscription MetricsLogged($runId: ID!) { metricsLogged(runId: $runId) { runId lastStep count } }": typeof types.MetricsLoggedDocument,
    "subscription RunUpdated($sweepId: ID!) { runUpdated(sweepId: $sweepId) { run { id status } sweep { id status } } }": typeof types.RunUpdatedDocument,
    "query SignInViewer { viewer { team { name } } }": typeof types.SignInViewerDocument,
    "query ProjectHeader($id: ID!) { project(id: $id) { name description } }": typeof types.ProjectHeaderDocument,
    "mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }": typeof types.CreateProjectDocument,
    "\n  query ProjectList { projects(first: 1000) { nodes { id name description createdAt sweeps(first: 1) { totalCount } } } }\n": typeof types.ProjectListDocument,
    "mutation CancelRun($input: CancelRunInput!) { cancelRun(input: $input) { run { status cancelRequested } } }": typeof types.CancelRunDocument,
    "\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      id ordinal status prunedRung prunedReason attempt maxAttempts error errorDetail { code file line row field } predictedMemoryBytes queuedAt startedAt finishedAt leaseExpiresAt cancelRequested\n      sweep { id name }\n      artifacts { id kind name sizeBytes sha256 createdAt }\n      agent { id name backend hostname online }\n      config { baseModel dataset datasetSettings { format trainOn packing evalDataset evalFraction } rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed }\n      summary {\n        accuracy accuracyMetric evalLoss perplexity peakMemoryBytes predictedMemoryBytes trainableParams totalParams tokensPerSecond durationSeconds evalBatchSize evalPeakMemoryBytes\n        memory { baseWeights adapters gradients optimizerState activations }\n      }\n    }\n  }\n": typeof types.RunDetailDocument,
    "\n  query RunMetrics($id: ID!, $keys: [String!]) { run(id: $id) { metrics(keys: $keys, maxPoints: 1000) { key downsampled points { step value } } } }\n": typeof types.RunMetricsDocument,
    "\n  query RunPeak($id: ID!) { run(id: $id) { metrics(keys: [\"memory/peak_bytes\"], maxPoints: 2) { max } } }\n": typeof types.RunPeakDocument,
    "mutation CancelSweep($input: CancelSweepInput!) { cancelSweep(input: $input) { cancelledRuns stoppingRuns } }": typeof types.CancelSweepDocument,
    "\n  query SweepRuns($id: ID!, $first: Int, $after: String, $filter: RunFilter, $orderBy: RunOrder) {\n    sweep(id: $id) { runs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount nodes { ...RunFields } pageInfo { hasNextPage endCursor } } }\n  }\n": typeof types.SweepRunsDocument,
    "query Estimate($input: SweepPlanInput!) { estimateMemory(input: $input) { runCount\n  memoryCorrection { base byTargets { targetModules correction } }\n  configurations { ...EstimatedConfiguration } infeasible { ...EstimatedConfiguration } } }\n  fragment EstimatedConfiguration on ConfigurationEstimate { config { rank alpha quantization doubleQuant targetModules learningRate dropout } memory { total } }": typeof types.EstimateDocument,
    "mutation CreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }": typeof types.CreateSweepDocument,
    "query NewSweepProjects { projects(first: 1000) { nodes { id name } } }": typeof types.NewSweepProjectsDocument,
    "\n  query ProjectSweeps($id: ID!) { project(id: $id) { sweeps(first: 1000) { nodes { ...SweepListFields } } } }\n": typeof types.ProjectSweepsDocument,
    "\n  query Sweeps { sweeps(first: 1000) { nodes { ...SweepListFields } } }\n": typeof types.SweepsDocument,
    "\n  fragment SweepListFields on Sweep {\n    id\n    name\n    status\n    runCount\n    createdAt\n    bestAccuracy\n    lowestPeakMemoryBytes\n    project { id name }\n    progress { total succeeded failed running queued cancelled pruned fractionDone }\n  }\n": typeof types.SweepListFieldsFragmentDoc,
    "\n  fragment RunFields on Run {\n    id\n    ordinal\n    status\n    prunedRung\n    attempt\n    predictedMemoryBytes\n    updatedAt\n    config { rank alpha quantization doubleQuant targetModules learningRate dropout seed }\n    summary { accuracy peakMemoryBytes evalLoss }\n  }\n": typeof types.RunFieldsFragmentDoc,
    "\n  fragment ChartRun on Run {\n    id ordinal status predictedMemoryBytes prunedRung prunedReason\n    config { rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio seed }\n    summary { accuracy peakMemoryBytes predictedMemoryBytes }\n  }\n": typeof types.ChartRunFragmentDoc,
    "\n  query SweepDetail($id: ID!) {\n    sweep(id: $id) {\n      id name status method maxRuns baseModel dataset runCount createdAt bestAccuracy lowestPeakMemoryBytes\n      project { id name }\n      training { steps batchSize sequenceLength evalInterval }\n      earlyTerminate { type minSteps eta minRuns }\n      constraints { maxPeakMemoryBytes }\n      space { quantization alphaRange { min } learningRateRange { min } dropoutRange { min } }\n      infeasible { predictedMemoryBytes config { rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio seed } }\n      hypervolume { referenceMemoryBytes points { succeededRuns hypervolume } }\n      progress { total queued running succeeded failed cancelled pruned fractionDone }\n      earlyTerminationSavings { prunedRuns endedRuns stepsTrained stepsFull fractionSaved }\n      paretoFront { ...ChartRun }\n    }\n  }\n": typeof types.SweepDetailDocument,
    "\n  query SweepComparison($id: ID!) {\n    sweep(id: $id) { comparison { quantization accuracyDelta memoryRatio baseline { ...ChartRun } quantized { ...ChartRun } } }\n  }\n": typeof types.SweepComparisonDocument,
    "\n  query RunsByStatus($id: ID!, $status: [RunStatus!]!, $after: String) {\n    sweep(id: $id) {\n      runs(first: 1000, after: $after, filter: { status: $status }) { nodes { ...ChartRun } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": typeof types.RunsByStatusDocument,
    "mutation LiveTestClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id predictedMemoryBytes config { rank quantization targetModules learningRate } } } }": typeof types.LiveTestClaimRunDocument,
    "mutation LiveTestLogMetrics($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }": typeof types.LiveTestLogMetricsDocument,
    "mutation LiveTestCompleteRun($input: CompleteRunInput!) { completeRun(input: $input) { run { id } } }": typeof types.LiveTestCompleteRunDocument,
    "query NpmStartSweepStatus($id: ID!) { sweep(id: $id) { status } }": typeof types.NpmStartSweepStatusDocument,
    "query NpmStartRunArtifacts($id: ID!) { sweep(id: $id) { runs(first: 10) { nodes { id artifacts { kind name sha256 } } } } }": typeof types.NpmStartRunArtifactsDocument,
    "mutation PrunedE2eSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }": typeof types.PrunedE2eSweepDocument,
    "mutation PrunedE2eAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }": typeof types.PrunedE2eAgentDocument,
    "\n  mutation PrunedE2eClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id ordinal predictedMemoryBytes config { rank quantization targetModules learningRate } } } }\n": typeof types.PrunedE2eClaimDocument,
    "mutation PrunedE2eLog($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }": typeof types.PrunedE2eLogDocument,
    "mutation PrunedE2eHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }": typeof types.PrunedE2eHeartbeatDocument,
    "mutation PrunedE2eFail($input: FailRunInput!) { failRun(input: $input) { run { status error prunedReason } } }": typeof types.PrunedE2eFailDocument,
    "mutation PrunedE2eComplete($input: CompleteRunInput!) { completeRun(input: $input) { run { status } } }": typeof types.PrunedE2eCompleteDocument,
    "mutation PrunedE2eProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }": typeof types.PrunedE2eProjectDocument,
    "mutation ErrorDetailE2eAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }": typeof types.ErrorDetailE2eAgentDocument,
    "mutation ErrorDetailE2eClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id ordinal } } }": typeof types.ErrorDetailE2eClaimDocument,
    "mutation ErrorDetailE2eFail($input: FailRunInput!) { failRun(input: $input) { run { status errorDetail { code } } } }": typeof types.ErrorDetailE2eFailDocument,
    "mutation ErrorDetailE2eProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }": typeof types.ErrorDetailE2eProjectDocument,
    "mutation ErrorDetailE2eSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }": typeof types.ErrorDetailE2eSweepDocument,
    "\n  query SearchE2eRuns($id: ID!) {\n    sweep(id: $id) {\n      status\n      progress { succeeded pruned }\n      infeasible { predictedMemoryBytes config { quantization learningRate } }\n      hypervolume { points { succeededRuns hypervolume } }\n      runs(first: 10) { nodes { id ordinal status prunedRung config { learningRate } } }\n    }\n  }\n": typeof types.SearchE2eRunsDocument,
    "query SearchE2eEstimate($input: SweepPlanInput!) { estimateMemory(input: $input) { configurations { config { quantization } memory { total } } } }": typeof types.SearchE2eEstimateDocument,
    "mutation SearchE2eSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id runCount } } }": typeof types.SearchE2eSweepDocument,
    "query SearchE2eRun($id: ID!) { run(id: $id) { status prunedRung leaseExpiresAt } }": typeof types.SearchE2eRunDocument,
    "query SearchE2eMetrics($id: ID!) { run(id: $id) { metrics(keys: [\"train/loss\"]) { points { step } } } }": typeof types.SearchE2eMetricsDocument,
    "mutation SearchE2eProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }": typeof types.SearchE2eProjectDocument,
    "mutation SeedCreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }": typeof types.SeedCreateProjectDocument,
    "mutation SeedCreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id runCount } } }": typeof types.SeedCreateSweepDocument,
    "mutation SeedRegisterAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }": typeof types.SeedRegisterAgentDocument,
    "mutation SeedClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id predictedMemoryBytes config { rank quantization targetModules learningRate } } } }": typeof types.SeedClaimRunDocument,
    "mutation SeedLogMetrics($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }": typeof types.SeedLogMetricsDocument,
    "mutation SeedCompleteRun($input: CompleteRunInput!) { completeRun(input: $input) { run { id } } }": typeof types.SeedCompleteRunDocument,
    "mutation SeedCreateFailingSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }": typeof types.SeedCreateFailingSweepDocument,
    "mutation SeedClaimFailingRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }": typeof types.SeedClaimFailingRunDocument,
    "mutation SeedFailRun($input: FailRunInput!) { failRun(input: $input) { run { id status } } }": typeof types.SeedFailRunDocument,
    "\n  mutation ClientSpecHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested leaseExpiresAt } }\n": typeof types.ClientSpecHeartbeatDocument,
};
const documents: Documents = {
    "\n  fragment AgentRunFields on Run {\n    id ordinal status attempt maxAttempts predictedMemoryBytes error errorDetail { code file line row field } cancelRequested prunedRung prunedReason\n    config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed datasetSettings { format trainOn packing evalDataset evalFraction } }\n    summary {\n      accuracy accuracyMetric evalLoss perplexity peakMemoryBytes predictedMemoryBytes trainableParams totalParams tokensPerSecond durationSeconds evalBatchSize evalPeakMemoryBytes\n      memory { baseWeights adapters gradients optimizerState activations }\n    }\n  }\n": types.AgentRunFieldsFragmentDoc,
    "\n  fragment AgentSweepFields on Sweep {\n    id name method status runCount baseModel dataset createdAt\n    progress { total queued running succeeded failed cancelled pruned fractionDone }\n  }\n": types.AgentSweepFieldsFragmentDoc,
    "\n  fragment AgentArtifactFields on Artifact { id kind name sizeBytes sha256 createdAt }\n": types.AgentArtifactFieldsFragmentDoc,
    "\n  mutation AgentRegister($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } leaseSeconds } }\n": types.AgentRegisterDocument,
    "\n  mutation AgentClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { leaseSeconds run { ...AgentRunFields } } }\n": types.AgentClaimRunDocument,
    "\n  mutation AgentHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested leaseExpiresAt } }\n": types.AgentHeartbeatDocument,
    "\n  mutation AgentLogMetrics($input: LogMetricsInput!) { logMetrics(input: $input) { received stored } }\n": types.AgentLogMetricsDocument,
    "\n  mutation AgentCompleteRun($input: CompleteRunInput!) { completeRun(input: $input) { run { id status } } }\n": types.AgentCompleteRunDocument,
    "\n  mutation AgentFailRun($input: FailRunInput!) { failRun(input: $input) { run { id status } } }\n": types.AgentFailRunDocument,
    "\n  mutation AgentReleaseRun($input: ReleaseRunInput!) { releaseRun(input: $input) { run { id status } } }\n": types.AgentReleaseRunDocument,
    "\n  mutation CliCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { run { id status } } }\n": types.CliCancelRunDocument,
    "\n  query CliProjects { projects(first: 100) { nodes { id name } } }\n": types.CliProjectsDocument,
    "\n  mutation CliCreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { id name } } }\n": types.CliCreateProjectDocument,
    "\n  mutation CliCreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { ...AgentSweepFields maxRuns infeasible { predictedMemoryBytes } } } }\n": types.CliCreateSweepDocument,
    "\n  query CliSweeps { sweeps(first: 100) { nodes { ...AgentSweepFields } } }\n": types.CliSweepsDocument,
    "\n  query CliSweep($id: ID!) {\n    sweep(id: $id) {\n      ...AgentSweepFields\n      paretoFront { ...AgentRunFields }\n      space { quantization alphaRange { min } learningRateRange { min } dropoutRange { min } }\n      comparison { quantization accuracyDelta memoryRatio baseline { ...AgentRunFields } quantized { ...AgentRunFields } }\n      infeasible { predictedMemoryBytes config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed datasetSettings { format trainOn packing evalDataset evalFraction } } }\n      hypervolume { referenceMemoryBytes points { succeededRuns hypervolume } }\n      earlyTerminationSavings { prunedRuns endedRuns stepsTrained stepsFull fractionSaved }\n    }\n  }\n": types.CliSweepDocument,
    "\n  query CliSweepRuns($id: ID!, $after: String) {\n    sweep(id: $id) {\n      runs(first: 100, after: $after, orderBy: { field: ORDINAL }) { nodes { ...AgentRunFields } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": types.CliSweepRunsDocument,
    "\n  mutation CliCancelSweep($input: CancelSweepInput!) {\n    cancelSweep(input: $input) { cancelledRuns stoppingRuns sweep { ...AgentSweepFields } }\n  }\n": types.CliCancelSweepDocument,
    "\n  query CliEstimateMemory($input: SweepPlanInput!) {\n    estimateMemory(input: $input) {\n      memoryCorrection { base byTargets { targetModules correction } }\n      runCount\n      configurations {\n        config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed datasetSettings { format trainOn packing evalDataset evalFraction } }\n        memory { baseWeights adapters gradients optimizerState activations total }\n        correction correctionSource\n      }\n      infeasible {\n        config { rank quantization doubleQuant targetModules learningRate }\n        memory { total }\n        correction correctionSource\n      }\n    }\n  }\n": types.CliEstimateMemoryDocument,
    "\n  query CliRun($id: ID!) { run(id: $id) { ...AgentRunFields } }\n": types.CliRunDocument,
    "\n  query AgentRunArtifacts($id: ID!) {\n    run(id: $id) { artifacts { ...AgentArtifactFields } latestCheckpoint { ...AgentArtifactFields } }\n  }\n": types.AgentRunArtifactsDocument,
    "\n  query CliRunMetrics($id: ID!, $keys: [String!]) {\n    run(id: $id) { metrics(keys: $keys, maxPoints: 10000) { key points { step value } } }\n  }\n": types.CliRunMetricsDocument,
    "query KeepAlivePing { __typename }": types.KeepAlivePingDocument,
    "\n  query AgentList {\n    agents(first: 1000) { nodes { id name backend hostname deviceMemoryBytes online lastSeenAt currentRun { id ordinal sweep { id name } } } }\n  }\n": types.AgentListDocument,
    "subscription MetricsLogged($runId: ID!) { metricsLogged(runId: $runId) { runId lastStep count } }": types.MetricsLoggedDocument,
    "subscription RunUpdated($sweepId: ID!) { runUpdated(sweepId: $sweepId) { run { id status } sweep { id status } } }": types.RunUpdatedDocument,
    "query SignInViewer { viewer { team { name } } }": types.SignInViewerDocument,
    "query ProjectHeader($id: ID!) { project(id: $id) { name description } }": types.ProjectHeaderDocument,
    "mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }": types.CreateProjectDocument,
    "\n  query ProjectList { projects(first: 1000) { nodes { id name description createdAt sweeps(first: 1) { totalCount } } } }\n": types.ProjectListDocument,
    "mutation CancelRun($input: CancelRunInput!) { cancelRun(input: $input) { run { status cancelRequested } } }": types.CancelRunDocument,
    "\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      id ordinal status prunedRung prunedReason attempt maxAttempts error errorDetail { code file line row field } predictedMemoryBytes queuedAt startedAt finishedAt leaseExpiresAt cancelRequested\n      sweep { id name }\n      artifacts { id kind name sizeBytes sha256 createdAt }\n      agent { id name backend hostname online }\n      config { baseModel dataset datasetSettings { format trainOn packing evalDataset evalFraction } rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed }\n      summary {\n        accuracy accuracyMetric evalLoss perplexity peakMemoryBytes predictedMemoryBytes trainableParams totalParams tokensPerSecond durationSeconds evalBatchSize evalPeakMemoryBytes\n        memory { baseWeights adapters gradients optimizerState activations }\n      }\n    }\n  }\n": types.RunDetailDocument,
    "\n  query RunMetrics($id: ID!, $keys: [String!]) { run(id: $id) { metrics(keys: $keys, maxPoints: 1000) { key downsampled points { step value } } } }\n": types.RunMetricsDocument,
    "\n  query RunPeak($id: ID!) { run(id: $id) { metrics(keys: [\"memory/peak_bytes\"], maxPoints: 2) { max } } }\n": types.RunPeakDocument,
    "mutation CancelSweep($input: CancelSweepInput!) { cancelSweep(input: $input) { cancelledRuns stoppingRuns } }": types.CancelSweepDocument,
    "\n  query SweepRuns($id: ID!, $first: Int, $after: String, $filter: RunFilter, $orderBy: RunOrder) {\n    sweep(id: $id) { runs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount nodes { ...RunFields } pageInfo { hasNextPage endCursor } } }\n  }\n": types.SweepRunsDocument,
    "query Estimate($input: SweepPlanInput!) { estimateMemory(input: $input) { runCount\n  memoryCorrection { base byTargets { targetModules correction } }\n  configurations { ...EstimatedConfiguration } infeasible { ...EstimatedConfiguration } } }\n  fragment EstimatedConfiguration on ConfigurationEstimate { config { rank alpha quantization doubleQuant targetModules learningRate dropout } memory { total } }": types.EstimateDocument,
    "mutation CreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }": types.CreateSweepDocument,
    "query NewSweepProjects { projects(first: 1000) { nodes { id name } } }": types.NewSweepProjectsDocument,
    "\n  query ProjectSweeps($id: ID!) { project(id: $id) { sweeps(first: 1000) { nodes { ...SweepListFields } } } }\n": types.ProjectSweepsDocument,
    "\n  query Sweeps { sweeps(first: 1000) { nodes { ...SweepListFields } } }\n": types.SweepsDocument,
    "\n  fragment SweepListFields on Sweep {\n    id\n    name\n    status\n    runCount\n    createdAt\n    bestAccuracy\n    lowestPeakMemoryBytes\n    project { id name }\n    progress { total succeeded failed running queued cancelled pruned fractionDone }\n  }\n": types.SweepListFieldsFragmentDoc,
    "\n  fragment RunFields on Run {\n    id\n    ordinal\n    status\n    prunedRung\n    attempt\n    predictedMemoryBytes\n    updatedAt\n    config { rank alpha quantization doubleQuant targetModules learningRate dropout seed }\n    summary { accuracy peakMemoryBytes evalLoss }\n  }\n": types.RunFieldsFragmentDoc,
    "\n  fragment ChartRun on Run {\n    id ordinal status predictedMemoryBytes prunedRung prunedReason\n    config { rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio seed }\n    summary { accuracy peakMemoryBytes predictedMemoryBytes }\n  }\n": types.ChartRunFragmentDoc,
    "\n  query SweepDetail($id: ID!) {\n    sweep(id: $id) {\n      id name status method maxRuns baseModel dataset runCount createdAt bestAccuracy lowestPeakMemoryBytes\n      project { id name }\n      training { steps batchSize sequenceLength evalInterval }\n      earlyTerminate { type minSteps eta minRuns }\n      constraints { maxPeakMemoryBytes }\n      space { quantization alphaRange { min } learningRateRange { min } dropoutRange { min } }\n      infeasible { predictedMemoryBytes config { rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio seed } }\n      hypervolume { referenceMemoryBytes points { succeededRuns hypervolume } }\n      progress { total queued running succeeded failed cancelled pruned fractionDone }\n      earlyTerminationSavings { prunedRuns endedRuns stepsTrained stepsFull fractionSaved }\n      paretoFront { ...ChartRun }\n    }\n  }\n": types.SweepDetailDocument,
    "\n  query SweepComparison($id: ID!) {\n    sweep(id: $id) { comparison { quantization accuracyDelta memoryRatio baseline { ...ChartRun } quantized { ...ChartRun } } }\n  }\n": types.SweepComparisonDocument,
    "\n  query RunsByStatus($id: ID!, $status: [RunStatus!]!, $after: String) {\n    sweep(id: $id) {\n      runs(first: 1000, after: $after, filter: { status: $status }) { nodes { ...ChartRun } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": types.RunsByStatusDocument,
    "mutation LiveTestClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id predictedMemoryBytes config { rank quantization targetModules learningRate } } } }": types.LiveTestClaimRunDocument,
    "mutation LiveTestLogMetrics($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }": types.LiveTestLogMetricsDocument,
    "mutation LiveTestCompleteRun($input: CompleteRunInput!) { completeRun(input: $input) { run { id } } }": types.LiveTestCompleteRunDocument,
    "query NpmStartSweepStatus($id: ID!) { sweep(id: $id) { status } }": types.NpmStartSweepStatusDocument,
    "query NpmStartRunArtifacts($id: ID!) { sweep(id: $id) { runs(first: 10) { nodes { id artifacts { kind name sha256 } } } } }": types.NpmStartRunArtifactsDocument,
    "mutation PrunedE2eSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }": types.PrunedE2eSweepDocument,
    "mutation PrunedE2eAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }": types.PrunedE2eAgentDocument,
    "\n  mutation PrunedE2eClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id ordinal predictedMemoryBytes config { rank quantization targetModules learningRate } } } }\n": types.PrunedE2eClaimDocument,
    "mutation PrunedE2eLog($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }": types.PrunedE2eLogDocument,
    "mutation PrunedE2eHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }": types.PrunedE2eHeartbeatDocument,
    "mutation PrunedE2eFail($input: FailRunInput!) { failRun(input: $input) { run { status error prunedReason } } }": types.PrunedE2eFailDocument,
    "mutation PrunedE2eComplete($input: CompleteRunInput!) { completeRun(input: $input) { run { status } } }": types.PrunedE2eCompleteDocument,
    "mutation PrunedE2eProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }": types.PrunedE2eProjectDocument,
    "mutation ErrorDetailE2eAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }": types.ErrorDetailE2eAgentDocument,
    "mutation ErrorDetailE2eClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id ordinal } } }": types.ErrorDetailE2eClaimDocument,
    "mutation ErrorDetailE2eFail($input: FailRunInput!) { failRun(input: $input) { run { status errorDetail { code } } } }": types.ErrorDetailE2eFailDocument,
    "mutation ErrorDetailE2eProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }": types.ErrorDetailE2eProjectDocument,
    "mutation ErrorDetailE2eSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }": types.ErrorDetailE2eSweepDocument,
    "\n  query SearchE2eRuns($id: ID!) {\n    sweep(id: $id) {\n      status\n      progress { succeeded pruned }\n      infeasible { predictedMemoryBytes config { quantization learningRate } }\n      hypervolume { points { succeededRuns hypervolume } }\n      runs(first: 10) { nodes { id ordinal status prunedRung config { learningRate } } }\n    }\n  }\n": types.SearchE2eRunsDocument,
    "query SearchE2eEstimate($input: SweepPlanInput!) { estimateMemory(input: $input) { configurations { config { quantization } memory { total } } } }": types.SearchE2eEstimateDocument,
    "mutation SearchE2eSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id runCount } } }": types.SearchE2eSweepDocument,
    "query SearchE2eRun($id: ID!) { run(id: $id) { status prunedRung leaseExpiresAt } }": types.SearchE2eRunDocument,
    "query SearchE2eMetrics($id: ID!) { run(id: $id) { metrics(keys: [\"train/loss\"]) { points { step } } } }": types.SearchE2eMetricsDocument,
    "mutation SearchE2eProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }": types.SearchE2eProjectDocument,
    "mutation SeedCreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }": types.SeedCreateProjectDocument,
    "mutation SeedCreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id runCount } } }": types.SeedCreateSweepDocument,
    "mutation SeedRegisterAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }": types.SeedRegisterAgentDocument,
    "mutation SeedClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id predictedMemoryBytes config { rank quantization targetModules learningRate } } } }": types.SeedClaimRunDocument,
    "mutation SeedLogMetrics($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }": types.SeedLogMetricsDocument,
    "mutation SeedCompleteRun($input: CompleteRunInput!) { completeRun(input: $input) { run { id } } }": types.SeedCompleteRunDocument,
    "mutation SeedCreateFailingSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }": types.SeedCreateFailingSweepDocument,
    "mutation SeedClaimFailingRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }": types.SeedClaimFailingRunDocument,
    "mutation SeedFailRun($input: FailRunInput!) { failRun(input: $input) { run { id status } } }": types.SeedFailRunDocument,
    "\n  mutation ClientSpecHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested leaseExpiresAt } }\n": types.ClientSpecHeartbeatDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AgentRunFields on Run {\n    id ordinal status attempt maxAttempts predictedMemoryBytes error errorDetail { code file line row field } cancelRequested prunedRung prunedReason\n    config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed datasetSettings { format trainOn packing evalDataset evalFraction } }\n    summary {\n      accuracy accuracyMetric evalLoss perplexity peakMemoryBytes predictedMemoryBytes trainableParams totalParams tokensPerSecond durationSeconds evalBatchSize evalPeakMemoryBytes\n      memory { baseWeights adapters gradients optimizerState activations }\n    }\n  }\n"): typeof import('./graphql').AgentRunFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AgentSweepFields on Sweep {\n    id name method status runCount baseModel dataset createdAt\n    progress { total queued running succeeded failed cancelled pruned fractionDone }\n  }\n"): typeof import('./graphql').AgentSweepFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AgentArtifactFields on Artifact { id kind name sizeBytes sha256 createdAt }\n"): typeof import('./graphql').AgentArtifactFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentRegister($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } leaseSeconds } }\n"): typeof import('./graphql').AgentRegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { leaseSeconds run { ...AgentRunFields } } }\n"): typeof import('./graphql').AgentClaimRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested leaseExpiresAt } }\n"): typeof import('./graphql').AgentHeartbeatDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentLogMetrics($input: LogMetricsInput!) { logMetrics(input: $input) { received stored } }\n"): typeof import('./graphql').AgentLogMetricsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentCompleteRun($input: CompleteRunInput!) { completeRun(input: $input) { run { id status } } }\n"): typeof import('./graphql').AgentCompleteRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentFailRun($input: FailRunInput!) { failRun(input: $input) { run { id status } } }\n"): typeof import('./graphql').AgentFailRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentReleaseRun($input: ReleaseRunInput!) { releaseRun(input: $input) { run { id status } } }\n"): typeof import('./graphql').AgentReleaseRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { run { id status } } }\n"): typeof import('./graphql').CliCancelRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliProjects { projects(first: 100) { nodes { id name } } }\n"): typeof import('./graphql').CliProjectsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliCreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { id name } } }\n"): typeof import('./graphql').CliCreateProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliCreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { ...AgentSweepFields maxRuns infeasible { predictedMemoryBytes } } } }\n"): typeof import('./graphql').CliCreateSweepDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliSweeps { sweeps(first: 100) { nodes { ...AgentSweepFields } } }\n"): typeof import('./graphql').CliSweepsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliSweep($id: ID!) {\n    sweep(id: $id) {\n      ...AgentSweepFields\n      paretoFront { ...AgentRunFields }\n      space { quantization alphaRange { min } learningRateRange { min } dropoutRange { min } }\n      comparison { quantization accuracyDelta memoryRatio baseline { ...AgentRunFields } quantized { ...AgentRunFields } }\n      infeasible { predictedMemoryBytes config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed datasetSettings { format trainOn packing evalDataset evalFraction } } }\n      hypervolume { referenceMemoryBytes points { succeededRuns hypervolume } }\n      earlyTerminationSavings { prunedRuns endedRuns stepsTrained stepsFull fractionSaved }\n    }\n  }\n"): typeof import('./graphql').CliSweepDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliSweepRuns($id: ID!, $after: String) {\n    sweep(id: $id) {\n      runs(first: 100, after: $after, orderBy: { field: ORDINAL }) { nodes { ...AgentRunFields } pageInfo { hasNextPage endCursor } }\n    }\n  }\n"): typeof import('./graphql').CliSweepRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliCancelSweep($input: CancelSweepInput!) {\n    cancelSweep(input: $input) { cancelledRuns stoppingRuns sweep { ...AgentSweepFields } }\n  }\n"): typeof import('./graphql').CliCancelSweepDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliEstimateMemory($input: SweepPlanInput!) {\n    estimateMemory(input: $input) {\n      memoryCorrection { base byTargets { targetModules correction } }\n      runCount\n      configurations {\n        config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed datasetSettings { format trainOn packing evalDataset evalFraction } }\n        memory { baseWeights adapters gradients optimizerState activations total }\n        correction correctionSource\n      }\n      infeasible {\n        config { rank quantization doubleQuant targetModules learningRate }\n        memory { total }\n        correction correctionSource\n      }\n    }\n  }\n"): typeof import('./graphql').CliEstimateMemoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliRun($id: ID!) { run(id: $id) { ...AgentRunFields } }\n"): typeof import('./graphql').CliRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentRunArtifacts($id: ID!) {\n    run(id: $id) { artifacts { ...AgentArtifactFields } latestCheckpoint { ...AgentArtifactFields } }\n  }\n"): typeof import('./graphql').AgentRunArtifactsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliRunMetrics($id: ID!, $keys: [String!]) {\n    run(id: $id) { metrics(keys: $keys, maxPoints: 10000) { key points { step value } } }\n  }\n"): typeof import('./graphql').CliRunMetricsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query KeepAlivePing { __typename }"): typeof import('./graphql').KeepAlivePingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentList {\n    agents(first: 1000) { nodes { id name backend hostname deviceMemoryBytes online lastSeenAt currentRun { id ordinal sweep { id name } } } }\n  }\n"): typeof import('./graphql').AgentListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription MetricsLogged($runId: ID!) { metricsLogged(runId: $runId) { runId lastStep count } }"): typeof import('./graphql').MetricsLoggedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription RunUpdated($sweepId: ID!) { runUpdated(sweepId: $sweepId) { run { id status } sweep { id status } } }"): typeof import('./graphql').RunUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SignInViewer { viewer { team { name } } }"): typeof import('./graphql').SignInViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ProjectHeader($id: ID!) { project(id: $id) { name description } }"): typeof import('./graphql').ProjectHeaderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }"): typeof import('./graphql').CreateProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectList { projects(first: 1000) { nodes { id name description createdAt sweeps(first: 1) { totalCount } } } }\n"): typeof import('./graphql').ProjectListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CancelRun($input: CancelRunInput!) { cancelRun(input: $input) { run { status cancelRequested } } }"): typeof import('./graphql').CancelRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      id ordinal status prunedRung prunedReason attempt maxAttempts error errorDetail { code file line row field } predictedMemoryBytes queuedAt startedAt finishedAt leaseExpiresAt cancelRequested\n      sweep { id name }\n      artifacts { id kind name sizeBytes sha256 createdAt }\n      agent { id name backend hostname online }\n      config { baseModel dataset datasetSettings { format trainOn packing evalDataset evalFraction } rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed }\n      summary {\n        accuracy accuracyMetric evalLoss perplexity peakMemoryBytes predictedMemoryBytes trainableParams totalParams tokensPerSecond durationSeconds evalBatchSize evalPeakMemoryBytes\n        memory { baseWeights adapters gradients optimizerState activations }\n      }\n    }\n  }\n"): typeof import('./graphql').RunDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunMetrics($id: ID!, $keys: [String!]) { run(id: $id) { metrics(keys: $keys, maxPoints: 1000) { key downsampled points { step value } } } }\n"): typeof import('./graphql').RunMetricsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunPeak($id: ID!) { run(id: $id) { metrics(keys: [\"memory/peak_bytes\"], maxPoints: 2) { max } } }\n"): typeof import('./graphql').RunPeakDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CancelSweep($input: CancelSweepInput!) { cancelSweep(input: $input) { cancelledRuns stoppingRuns } }"): typeof import('./graphql').CancelSweepDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SweepRuns($id: ID!, $first: Int, $after: String, $filter: RunFilter, $orderBy: RunOrder) {\n    sweep(id: $id) { runs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount nodes { ...RunFields } pageInfo { hasNextPage endCursor } } }\n  }\n"): typeof import('./graphql').SweepRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Estimate($input: SweepPlanInput!) { estimateMemory(input: $input) { runCount\n  memoryCorrection { base byTargets { targetModules correction } }\n  configurations { ...EstimatedConfiguration } infeasible { ...EstimatedConfiguration } } }\n  fragment EstimatedConfiguration on ConfigurationEstimate { config { rank alpha quantization doubleQuant targetModules learningRate dropout } memory { total } }"): typeof import('./graphql').EstimateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }"): typeof import('./graphql').CreateSweepDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query NewSweepProjects { projects(first: 1000) { nodes { id name } } }"): typeof import('./graphql').NewSweepProjectsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectSweeps($id: ID!) { project(id: $id) { sweeps(first: 1000) { nodes { ...SweepListFields } } } }\n"): typeof import('./graphql').ProjectSweepsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sweeps { sweeps(first: 1000) { nodes { ...SweepListFields } } }\n"): typeof import('./graphql').SweepsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SweepListFields on Sweep {\n    id\n    name\n    status\n    runCount\n    createdAt\n    bestAccuracy\n    lowestPeakMemoryBytes\n    project { id name }\n    progress { total succeeded failed running queued cancelled pruned fractionDone }\n  }\n"): typeof import('./graphql').SweepListFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunFields on Run {\n    id\n    ordinal\n    status\n    prunedRung\n    attempt\n    predictedMemoryBytes\n    updatedAt\n    config { rank alpha quantization doubleQuant targetModules learningRate dropout seed }\n    summary { accuracy peakMemoryBytes evalLoss }\n  }\n"): typeof import('./graphql').RunFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChartRun on Run {\n    id ordinal status predictedMemoryBytes prunedRung prunedReason\n    config { rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio seed }\n    summary { accuracy peakMemoryBytes predictedMemoryBytes }\n  }\n"): typeof import('./graphql').ChartRunFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SweepDetail($id: ID!) {\n    sweep(id: $id) {\n      id name status method maxRuns baseModel dataset runCount createdAt bestAccuracy lowestPeakMemoryBytes\n      project { id name }\n      training { steps batchSize sequenceLength evalInterval }\n      earlyTerminate { type minSteps eta minRuns }\n      constraints { maxPeakMemoryBytes }\n      space { quantization alphaRange { min } learningRateRange { min } dropoutRange { min } }\n      infeasible { predictedMemoryBytes config { rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio seed } }\n      hypervolume { referenceMemoryBytes points { succeededRuns hypervolume } }\n      progress { total queued running succeeded failed cancelled pruned fractionDone }\n      earlyTerminationSavings { prunedRuns endedRuns stepsTrained stepsFull fractionSaved }\n      paretoFront { ...ChartRun }\n    }\n  }\n"): typeof import('./graphql').SweepDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SweepComparison($id: ID!) {\n    sweep(id: $id) { comparison { quantization accuracyDelta memoryRatio baseline { ...ChartRun } quantized { ...ChartRun } } }\n  }\n"): typeof import('./graphql').SweepComparisonDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunsByStatus($id: ID!, $status: [RunStatus!]!, $after: String) {\n    sweep(id: $id) {\n      runs(first: 1000, after: $after, filter: { status: $status }) { nodes { ...ChartRun } pageInfo { hasNextPage endCursor } }\n    }\n  }\n"): typeof import('./graphql').RunsByStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LiveTestClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id predictedMemoryBytes config { rank quantization targetModules learningRate } } } }"): typeof import('./graphql').LiveTestClaimRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LiveTestLogMetrics($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }"): typeof import('./graphql').LiveTestLogMetricsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LiveTestCompleteRun($input: CompleteRunInput!) { completeRun(input: $input) { run { id } } }"): typeof import('./graphql').LiveTestCompleteRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query NpmStartSweepStatus($id: ID!) { sweep(id: $id) { status } }"): typeof import('./graphql').NpmStartSweepStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query NpmStartRunArtifacts($id: ID!) { sweep(id: $id) { runs(first: 10) { nodes { id artifacts { kind name sha256 } } } } }"): typeof import('./graphql').NpmStartRunArtifactsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PrunedE2eSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }"): typeof import('./graphql').PrunedE2eSweepDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PrunedE2eAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }"): typeof import('./graphql').PrunedE2eAgentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PrunedE2eClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id ordinal predictedMemoryBytes config { rank quantization targetModules learningRate } } } }\n"): typeof import('./graphql').PrunedE2eClaimDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PrunedE2eLog($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }"): typeof import('./graphql').PrunedE2eLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PrunedE2eHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }"): typeof import('./graphql').PrunedE2eHeartbeatDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PrunedE2eFail($input: FailRunInput!) { failRun(input: $input) { run { status error prunedReason } } }"): typeof import('./graphql').PrunedE2eFailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PrunedE2eComplete($input: CompleteRunInput!) { completeRun(input: $input) { run { status } } }"): typeof import('./graphql').PrunedE2eCompleteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PrunedE2eProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }"): typeof import('./graphql').PrunedE2eProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ErrorDetailE2eAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }"): typeof import('./graphql').ErrorDetailE2eAgentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ErrorDetailE2eClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id ordinal } } }"): typeof import('./graphql').ErrorDetailE2eClaimDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ErrorDetailE2eFail($input: FailRunInput!) { failRun(input: $input) { run { status errorDetail { code } } } }"): typeof import('./graphql').ErrorDetailE2eFailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ErrorDetailE2eProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }"): typeof import('./graphql').ErrorDetailE2eProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ErrorDetailE2eSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }"): typeof import('./graphql').ErrorDetailE2eSweepDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchE2eRuns($id: ID!) {\n    sweep(id: $id) {\n      status\n      progress { succeeded pruned }\n      infeasible { predictedMemoryBytes config { quantization learningRate } }\n      hypervolume { points { succeededRuns hypervolume } }\n      runs(first: 10) { nodes { id ordinal status prunedRung config { learningRate } } }\n    }\n  }\n"): typeof import('./graphql').SearchE2eRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchE2eEstimate($input: SweepPlanInput!) { estimateMemory(input: $input) { configurations { config { quantization } memory { total } } } }"): typeof import('./graphql').SearchE2eEstimateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SearchE2eSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id runCount } } }"): typeof import('./graphql').SearchE2eSweepDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchE2eRun($id: ID!) { run(id: $id) { status prunedRung leaseExpiresAt } }"): typeof import('./graphql').SearchE2eRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchE2eMetrics($id: ID!) { run(id: $id) { metrics(keys: [\"train/loss\"]) { points { step } } } }"): typeof import('./graphql').SearchE2eMetricsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SearchE2eProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }"): typeof import('./graphql').SearchE2eProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SeedCreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }"): typeof import('./graphql').SeedCreateProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SeedCreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id runCount } } }"): typeof import('./graphql').SeedCreateSweepDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SeedRegisterAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }"): typeof import('./graphql').SeedRegisterAgentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SeedClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id predictedMemoryBytes config { rank quantization targetModules learningRate } } } }"): typeof import('./graphql').SeedClaimRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SeedLogMetrics($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }"): typeof import('./graphql').SeedLogMetricsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SeedCompleteRun($input: CompleteRunInput!) { completeRun(input: $input) { run { id } } }"): typeof import('./graphql').SeedCompleteRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SeedCreateFailingSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }"): typeof import('./graphql').SeedCreateFailingSweepDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SeedClaimFailingRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }"): typeof import('./graphql').SeedClaimFailingRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SeedFailRun($input: FailRunInput!) { failRun(input: $input) { run { id status } } }"): typeof import('./graphql').SeedFailRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClientSpecHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested leaseExpiresAt } }\n"): typeof import('./graphql').ClientSpecHeartbeatDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
