import { ProjectEntity } from '@loralab/db';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { pageWindow, toConnection } from '../common/connection';
import type { ApiContext } from '../common/context';
import { decodeId } from '../common/global-id';
import { SweepConnection } from '../sweeps/sweep.types';
import type { SweepService } from '../sweeps/sweep.service';
import type { ProjectService } from './project.service';
import { CreateProjectInput, CreateProjectPayload, Project, ProjectConnection } from './project.types';

@Resolver(() => Project)
export class ProjectResolver {
  constructor(
    private readonly projectService: ProjectService,
    private readonly sweepService: SweepService,
  ) {}


  @Query(() => ProjectConnection, { description: 'Your team\'s projects, newest first.' })
  async projects(
    @Ctx() { principal }: ApiContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 1000).' }) first?: number,
    @Arg('after', { nullable: true, description: 'Cursor to continue after.' }) after?: string,
  ) {
    principal.requireHuman();
    const { offset, limit } = pageWindow(first, after);
    const [items, total] = await this.projectService.list(principal.teamId, offset, limit);
    return toConnection(items, offset, total);
  }

  @Query(() => Project, { description: 'A project of your team.' })
  project(@Arg('id', () => ID) id: string, @Ctx() { principal }: ApiContext): Promise<ProjectEntity> {
    principal.requireHuman();
    return this.projectService.get(principal.teamId, decodeId(id, 'Project', 'id'));
  }

  @Mutation(() => CreateProjectPayload, { description: 'A new project.' })
  async createProject(
    @Arg('input') input: CreateProjectInput,
    @Ctx() { principal }: ApiContext,
  ): Promise<CreateProjectPayload> {
    principal.requireHuman();
    const project = await this.projectService.create(principal.teamId, input);
    return { project: project as unknown as Project };
  }

  @FieldResolver(() => SweepConnection, { description: 'The project\'s sweeps, newest first.' })
  async sweeps(
    @Root() p: ProjectEntity,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50).' }) first?: number,
    @Arg('after', { nullable: true, description: 'Cursor to continue after.' }) after?: string,
  ) {
    const { offset, limit } = pageWindow(first, after);
    const [items, total] = await this.sweepService.list(p.teamId, p.id, offset, limit);
    return toConnection(items, offset, total);
  }
}
