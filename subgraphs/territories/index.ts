import { AddOutboxPublished1732700000000 } from '../../lib/events/add-outbox-published.migration';
import { CreateOutboxEvents1732500000000 } from '../../lib/events/create-outbox-events.migration';
import { OutboxEventEntity } from '../../lib/events/outbox-event.entity';
import type { SubgraphModule } from '../../lib/federation/subgraph-module';
import { buildSubgraphSchema } from '../../lib/federation/build-subgraph-schema';
import { AgentReferenceResolver } from './agent/agent-reference.resolver';
import type { AgentReference } from './agent/agent-reference.type';
import type { TerritoriesContext } from './context';
import { createLoaders, type TerritoryLoaders } from './loaders';
import { TerritoryMemberEntity } from './membership/territory-member.entity';
import { CreateTerritories1732400300000 } from './migrations/1732400300000-CreateTerritories';
import { TerritoriesBinaryIds1732800000000 } from './migrations/1732800000000-BinaryIds';
import { TerritoryAreaEntity } from './territory/territory-area.entity';
import { TerritoryEntity } from './territory/territory.entity';
import { TerritoryResolver } from './territory/territory.resolver';
import { TerritoryService } from './territory/territory.service';

export { TerritoryService, type TerritoryAssignment } from './territory/territory.service';
export type { NewTerritory } from './territory/territory.inputs';
export type { TerritoryEntity } from './territory/territory.entity';
export type { TerritoryLoaders } from './loaders';

/**
 * Territories: named sets of states, ZIPs, ZIP prefixes and counties, and their
 * member agents. A membership is written to the shared outbox (routing wakes
 * its queue on it), so this subgraph lists the outbox's migrations too: it may
 * be the first to start on a database.
 */
export const territoriesSubgraph: SubgraphModule<TerritoryLoaders> = {
  name: 'territories',
  entities: [TerritoryEntity, TerritoryAreaEntity, TerritoryMemberEntity, OutboxEventEntity],
  migrations: [
    CreateTerritories1732400300000,
    CreateOutboxEvents1732500000000,
    AddOutboxPublished1732700000000,
    TerritoriesBinaryIds1732800000000,
  ],
  async build(dataSource) {
    const territoryService = new TerritoryService(dataSource);
    const schema = await buildSubgraphSchema({
      resolvers: [TerritoryResolver, AgentReferenceResolver],
      resolverInstances: [new TerritoryResolver(territoryService), new AgentReferenceResolver(territoryService)],
      referenceResolvers: {
        Territory: {
          __resolveReference: (reference: { id: string }, ctx: TerritoriesContext) =>
            territoryService.get(ctx, reference.id),
        },
        // Every Agent field but `territories` comes from the agents subgraph.
        Agent: { __resolveReference: (reference: { id: string }): AgentReference => ({ id: reference.id }) },
      },
    });
    return { schema, createLoaders: () => createLoaders(dataSource) };
  },
};
