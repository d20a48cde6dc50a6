import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireStaff } from '../../../lib/auth';
import type { RequestContext } from '../../../lib/context';
import type { RuleSetEntity } from './rule-set.entity';
import { RuleSetInput } from './rule-set.inputs';
import { loadRuleSetOrNull, type RuleSetLoaders } from './rule-set.loaders';
import type { RuleSetService } from './rule-set.service';
import { RuleSet } from './rule-set.type';

type Context = RequestContext<RuleSetLoaders>;

@Resolver(() => RuleSet)
export class RuleSetResolver {
  constructor(private readonly ruleSetService: RuleSetService) {}

  @Query(() => RuleSet, { description: 'ADMIN, MANAGER: the rule set routing uses now.' })
  activeRuleSet(@Ctx() ctx: Context): Promise<RuleSetEntity> {
    requireStaff(ctx.viewer);
    return ctx.loaders.activeRuleSet();
  }

  @Query(() => [RuleSet], { description: 'ADMIN, MANAGER: every published version, newest first.' })
  ruleSets(@Ctx() ctx: Context): Promise<RuleSetEntity[]> {
    requireStaff(ctx.viewer);
    return this.ruleSetService.list();
  }

  @Mutation(() => RuleSet, {
    description: 'ADMIN: validates the rules, then stores them as the next version, which becomes the ACTIVE one.',
  })
  async publishRuleSet(
    @Arg('input', () => RuleSetInput) input: RuleSetInput,
    @Ctx() ctx: Context,
  ): Promise<RuleSetEntity> {
    const published = await this.ruleSetService.publish(ctx.viewer, input.rules);
    ctx.loaders.forgetActiveRuleSet();
    return published;
  }

  @FieldResolver(() => Boolean)
  async active(@Root() ruleSet: RuleSetEntity, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.loaders.activeRuleSet()).version === ruleSet.version;
  }
}

/**
 * `__resolveReference` for RuleSet, batched through the request's loaders. As
 * for Lead, the subgraph holding the reference decided the viewer may see it.
 */
export const ruleSetReferenceResolvers = {
  RuleSet: {
    __resolveReference: (reference: { id: string }, ctx: Context) => loadRuleSetOrNull(ctx.loaders, reference.id),
  },
} as GraphQLResolverMap<unknown>;
