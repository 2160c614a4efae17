import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { ApiContext } from './context';
import { fromGlobalId } from './global-id';
import { Node } from './node';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object of your team by global id; null if it does not exist or is not yours.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() { loaders, principal }: ApiContext): Promise<object | null> {
    const parsed = fromGlobalId(id);
    if (!parsed) return null;
    const loader = {
      Project: loaders.project,
      Sweep: loaders.sweep,
      Run: loaders.run,
      Agent: loaders.agent,
    }[parsed.type];
    if (!loader) return null;
    if (parsed.type !== 'Run') principal.requireHuman();
    return loader.load(parsed.id);
  }
}
