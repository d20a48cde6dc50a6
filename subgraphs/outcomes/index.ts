import type { DataSource } from 'typeorm';
import type { Config } from '../../lib/config';
import type { RequestContext } from '../../lib/context';
import { AddOutboxPublished1732700000000 } from '../../lib/events/add-outbox-published.migration';
import { CreateOutboxEvents1732500000000 } from '../../lib/events/create-outbox-events.migration';
import { OutboxEventEntity } from '../../lib/events/outbox-event.entity';
import { buildSubgraphSchema } from '../../lib/federation/build-subgraph-schema';
import type { SubgraphModule } from '../../lib/federation/subgraph-module';
import { AgentEntity } from '../agents/agent/agent.entity';
import { AssignmentEntity } from '../leads/assignment/assignment.entity';
import { LeadEntity } from '../leads/lead/lead.entity';
import { AgentPerformanceResolver } from './agent/agent.resolver';
import { visibleOutcomeOrNull } from './lead/lead-visibility';
import { LeadOutcomesResolver } from './lead/lead.resolver';
import { createLoaders, type OutcomesLoaders } from './loaders';
import { CreateOutcomes1732400400000 } from './migrations/1732400400000-CreateOutcomes';
import { AddCertifiedToConversionStats1732500300000 } from './migrations/1732500300000-AddCertifiedToConversionStats';
import { CreateAgentConversionStats1732400400001 } from './migrations/1732400400001-CreateAgentConversionStats';
import { OutcomesBinaryIds1732800000000 } from './migrations/1732800000000-BinaryIds';
import { OutcomeEntity } from './outcome/outcome.entity';
import { OutcomeResolver } from './outcome/outcome.resolver';
import { OutcomeService } from './outcome/outcome.service';
import { AgentConversionStatsEntity } from './stats/agent-conversion-stats.entity';
import { ConversionStatsService } from './stats/conversion-stats.service';

export type { OutcomesLoaders } from './loaders';
export { OutcomeService, type Actor } from './outcome/outcome.service';
export { RecordOutcomeInput } from './outcome/outcome.inputs';
export { OutcomeEntity } from './outcome/outcome.entity';
export { ConversionStatsService } from './stats/conversion-stats.service';
export { AgentConversionStatsEntity } from './stats/agent-conversion-stats.entity';
export * from './stats/bind-rate';

/** The services of the subgraph, for callers outside GraphQL such as the demo seeder. */
export function createOutcomesServices(dataSource: DataSource): {
  outcomes: OutcomeService;
  stats: ConversionStatsService;
} {
  const stats = new ConversionStatsService(dataSource);
  return { outcomes: new OutcomeService(dataSource, stats), stats };
}

/** Outcomes of leads, and the per-agent conversion statistics they feed. */
export const outcomesSubgraph: SubgraphModule<OutcomesLoaders> = {
  name: 'outcomes',
  // Borrowed, migrated by their owners: the lead's status moves forward with each outcome, and a
  // BOUND or LOST outcome closes the lead's assignment (leads) and frees the agent's capacity (agents).
  entities: [OutcomeEntity, AgentConversionStatsEntity, LeadEntity, AssignmentEntity, AgentEntity, OutboxEventEntity],
  migrations: [
    CreateOutcomes1732400400000,
    CreateAgentConversionStats1732400400001,
    CreateOutboxEvents1732500000000,
    AddOutboxPublished1732700000000,
    AddCertifiedToConversionStats1732500300000,
    OutcomesBinaryIds1732800000000,
  ],
  async build(dataSource: DataSource, _config: Config) {
    const { outcomes, stats } = createOutcomesServices(dataSource);
    const schema = await buildSubgraphSchema({
      resolvers: [OutcomeResolver, LeadOutcomesResolver, AgentPerformanceResolver],
      resolverInstances: [new OutcomeResolver(outcomes), new LeadOutcomesResolver(), new AgentPerformanceResolver()],
      referenceResolvers: {
        Outcome: {
          // The lead's visibility (canSeeLead), as for Lead.outcomes: a direct `_entities` call passes no other check.
          __resolveReference: (reference: { id: string }, ctx: RequestContext<OutcomesLoaders>) =>
            visibleOutcomeOrNull(ctx, reference.id),
        },
      },
    });
    return { schema, createLoaders: () => createLoaders(dataSource, outcomes, stats) };
  },
};
