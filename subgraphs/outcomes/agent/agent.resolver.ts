import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../lib/context';
import { ProductLine } from '../../../lib/domain/enums';
import type { OutcomesLoaders } from '../loaders';
import { agentPerformance } from '../stats/agent-performance';
import { AgentPerformance } from './agent-performance.type';
import { AgentReference } from './agent.type';

@Resolver(() => AgentReference)
export class AgentPerformanceResolver {
  /**
   * Readable by whoever reached the agent: the query that led here checked access.
   * Two statements per request however many agents: their stats rows and the population rates.
   */
  @FieldResolver(() => AgentPerformance)
  async performance(
    @Root() agent: AgentReference,
    @Arg('productLine', () => ProductLine, { nullable: true }) productLine: ProductLine | null | undefined,
    @Ctx() ctx: RequestContext<OutcomesLoaders>,
  ): Promise<AgentPerformance> {
    const [rows, population] = await Promise.all([
      ctx.loaders.statsByAgentId.load(agent.id),
      ctx.loaders.populationBindRates(),
    ]);
    return agentPerformance(rows, population, productLine ?? null);
  }
}
