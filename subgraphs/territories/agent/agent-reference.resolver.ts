import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { TerritoriesContext } from '../context';
import type { TerritoryService } from '../territory/territory.service';
import { Territory } from '../territory/territory.type';
import { AgentReference } from './agent-reference.type';

@Resolver(() => AgentReference)
export class AgentReferenceResolver {
  constructor(private readonly territoryService: TerritoryService) {}

  @FieldResolver(() => [Territory], { description: 'Territories the agent is a member of, by name.' })
  territories(@Root() agent: AgentReference, @Ctx() ctx: TerritoriesContext): Promise<Territory[]> {
    return this.territoryService.territoriesOfAgent(ctx, agent.id);
  }
}
