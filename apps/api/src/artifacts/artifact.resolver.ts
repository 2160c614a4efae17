import type { ArtifactEntity, RunEntity } from '@loralab/db';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../common/context';
import { Run } from '../runs/run.types';
import type { ArtifactService } from './artifact.service';
import { Artifact } from './artifact.types';

@Resolver(() => Run)
export class RunArtifactsResolver {
  constructor(private readonly artifactService: ArtifactService) {}

  @FieldResolver(() => [Artifact], { description: 'Its checkpoints and adapter files, oldest first.' })
  artifacts(@Root() r: RunEntity, @Ctx() { principal }: ApiContext): Promise<ArtifactEntity[]> {
    return this.artifactService.list(principal.teamId, r.id);
  }

  @FieldResolver(() => Artifact, { nullable: true, description: 'Its newest checkpoint, from which a resuming agent continues.' })
  latestCheckpoint(@Root() r: RunEntity, @Ctx() { principal }: ApiContext): Promise<ArtifactEntity | null> {
    return this.artifactService.latestCheckpoint(principal.teamId, r.id);
  }
}
