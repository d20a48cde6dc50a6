import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { TerritoriesContext } from '../context';
import { TerritoryMember } from '../membership/territory-member.type';
import { AreaKind } from './territory-area.entity';
import { AssignTerritoryArgs, CreateTerritoryInput } from './territory.inputs';
import type { TerritoryService } from './territory.service';
import { Territory } from './territory.type';

@Resolver(() => Territory)
export class TerritoryResolver {
  constructor(private readonly territoryService: TerritoryService) {}

  @Query(() => Territory, { nullable: true, description: 'Null when no territory has this id.' })
  territory(@Arg('id', () => ID) id: string, @Ctx() ctx: TerritoriesContext): Promise<Territory | null> {
    return this.territoryService.find(ctx, id);
  }

  @Query(() => [Territory], { description: 'Every territory, by name.' })
  territories(@Ctx() ctx: TerritoriesContext): Promise<Territory[]> {
    return this.territoryService.list(ctx);
  }

  @Query(() => [Territory], { description: 'Territories containing this ZIP by state, ZIP, ZIP prefix or county.' })
  territoriesFor(
    @Arg('postalCode', () => String) postalCode: string,
    @Ctx() ctx: TerritoriesContext,
  ): Promise<Territory[]> {
    return this.territoryService.findForPostalCode(ctx, postalCode);
  }

  @Mutation(() => Territory, { description: 'ADMIN, MANAGER.' })
  createTerritory(
    @Arg('input', () => CreateTerritoryInput) input: CreateTerritoryInput,
    @Ctx() ctx: TerritoriesContext,
  ): Promise<Territory> {
    return this.territoryService.create(ctx.viewer, input);
  }

  @Mutation(() => Territory, {
    description: 'ADMIN, MANAGER. Role defaults to PRIMARY, weight to 1; assigning a member again updates both.',
  })
  assignTerritory(
    @Args(() => AssignTerritoryArgs) args: AssignTerritoryArgs,
    @Ctx() ctx: TerritoriesContext,
  ): Promise<Territory> {
    return this.territoryService.assign(ctx.viewer, args);
  }

  @FieldResolver(() => [String], { description: 'USPS state codes.' })
  states(@Root() territory: Territory, @Ctx() ctx: TerritoriesContext): Promise<string[]> {
    return this.areaValues(ctx, territory, AreaKind.STATE);
  }

  @FieldResolver(() => [String], { description: '5-digit ZIP codes.' })
  postalCodes(@Root() territory: Territory, @Ctx() ctx: TerritoriesContext): Promise<string[]> {
    return this.areaValues(ctx, territory, AreaKind.ZIP);
  }

  @FieldResolver(() => [String], { description: 'Leading 1 to 4 digits of ZIP codes.' })
  zipPrefixes(@Root() territory: Territory, @Ctx() ctx: TerritoriesContext): Promise<string[]> {
    return this.areaValues(ctx, territory, AreaKind.ZIP_PREFIX);
  }

  @FieldResolver(() => [String], { description: '5-digit county FIPS codes.' })
  counties(@Root() territory: Territory, @Ctx() ctx: TerritoriesContext): Promise<string[]> {
    return this.areaValues(ctx, territory, AreaKind.COUNTY);
  }

  // Listed to agents too (who shares their territories is no secret among them); of another member's
  // Agent only `id` and `name` resolve for an agent, as the agents and outcomes subgraphs enforce (agent.policy.ts).
  @FieldResolver(() => [TerritoryMember], { description: 'In the order they joined.' })
  async members(@Root() territory: Territory, @Ctx() ctx: TerritoriesContext): Promise<TerritoryMember[]> {
    const members = await this.territoryService.membersOf(ctx, territory.id);
    return members.map(({ agentId, role, weight }) => ({ agent: { id: agentId }, role, weight }));
  }

  private async areaValues(ctx: TerritoriesContext, territory: Territory, kind: AreaKind): Promise<string[]> {
    const areas = await this.territoryService.areasOf(ctx, territory.id);
    return areas.filter((area) => area.kind === kind).map((area) => area.value);
  }
}
