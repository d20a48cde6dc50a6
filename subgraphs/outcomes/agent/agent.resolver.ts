import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../lib/context';
import { ProductLine } from '../../../lib/domain/enums';
import { requireAgentDetailReader } from '../../agents/agent/agent.policy';
import type { OutcomesLoaders } from '../loaders';
import { agentPerformance } from '../stats/agent-performance';
import { AgentPerformance } from './agent-performance.type';
import { AgentReference } from './agent.type';

@Resolver(() => AgentReference)
export class AgentPerformanceResolver {
  /**
   * Staff, or the agent itself: the agents subgraph's rule for an agent's details (agent.policy.ts),
   * enforced here too because a reference reaches this field without passing through that subgraph.
   * Two statements per request however many agents: their stats rows and the population rates.
   */
  @FieldResolver(() => AgentPerformance)
  async performance(
    @Root() agent: AgentReference,
    @Arg('productLine', () => ProductLine, { nullable: true }) productLine: ProductLine | null | undefined,
    @Ctx() ctx: RequestContext<OutcomesLoaders>,
  ): Promise<AgentPerformance> {
    requireAgentDetailReader(ctx.viewer, agent.id);
    const [rows, population] = await Promise.all([
      ctx.loaders.statsByAgentId.load(agent.id),
      ctx.loaders.populationBindRates(),
    ]);
    return agentPerformance(rows, population, productLine ?? null);
  }
}
