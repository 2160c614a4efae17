import { AgentEntity } from './agent.entity';
import { ApiKeyEntity } from './api-key.entity';
import { ArtifactEntity } from './artifact.entity';
import { MetricEntity } from './metric.entity';
import { ProjectEntity } from './project.entity';
import { RunEntity } from './run.entity';
import { SweepEntity } from './sweep.entity';
import { TeamEntity } from './team.entity';

export { AgentEntity, ApiKeyEntity, ArtifactEntity, MetricEntity, ProjectEntity, RunEntity, SweepEntity, TeamEntity };
export type { RunErrorDetailJson, RunSummaryJson } from './run.entity';
export type { InfeasibleConfiguration } from './sweep.entity';
export { runFromRow } from './run-row';

export const ENTITIES = [
  TeamEntity,
  ApiKeyEntity,
  ProjectEntity,
  SweepEntity,
  RunEntity,
  MetricEntity,
  AgentEntity,
  ArtifactEntity,
];
