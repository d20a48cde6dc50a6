import { AddOutboxPublished1732700000000 } from '../../lib/events/add-outbox-published.migration';
import { CreateOutboxEvents1732500000000 } from '../../lib/events/create-outbox-events.migration';
import { OutboxEventEntity } from '../../lib/events/outbox-event.entity';
import type { SubgraphModule } from '../../lib/federation/subgraph-module';
import { buildSubgraphSchema } from '../../lib/federation/build-subgraph-schema';
import { AgentEntity } from './agent/agent.entity';
import { agentReferenceResolvers, AgentResolver } from './agent/agent.resolver';
import { AgentService } from './agent/agent.service';
import { AgentLicenseEntity } from './license/license.entity';
import { createLoaders, type AgentLoaders } from './loaders';
import { agentCapacityChangedSubscription } from './capacity/capacity-changed.subscription';
import { CreateAgents1732400000000 } from './migrations/1732400000000-CreateAgents';
import { AddLicenseRoutingIndex1732600000000 } from './migrations/1732600000000-AddLicenseRoutingIndex';
import { AgentsBinaryIds1732800000000 } from './migrations/1732800000000-BinaryIds';
import { AddRoutingLicenses1732900000000 } from './migrations/1732900000000-AddRoutingLicenses';
import { ViewerResolver } from './viewer/viewer.resolver';

/** Agents: their licenses, appointments, certifications, working hours, status and capacity. */
export const agentsSubgraph: SubgraphModule<AgentLoaders> = {
  name: 'agents',
  entities: [AgentEntity, AgentLicenseEntity, OutboxEventEntity],
  migrations: [
    CreateAgents1732400000000,
    CreateOutboxEvents1732500000000,
    AddLicenseRoutingIndex1732600000000,
    AddOutboxPublished1732700000000,
    AgentsBinaryIds1732800000000,
    AddRoutingLicenses1732900000000,
  ],
  async build(dataSource, _config, { events }) {
    const agentService = new AgentService(dataSource);
    const loaders = (): AgentLoaders => createLoaders(dataSource);
    const schema = await buildSubgraphSchema({
      resolvers: [AgentResolver, ViewerResolver],
      resolverInstances: [new AgentResolver(agentService), new ViewerResolver(agentService)],
      referenceResolvers: agentReferenceResolvers,
      subscriptions: agentCapacityChangedSubscription(events, loaders),
    });
    return { schema, createLoaders: loaders };
  },
};

// For the demo seeder and the routing engine: agents created and read without GraphQL.
export { AgentService, type AgentListFilter } from './agent/agent.service';
export { AgentEntity, type WorkingHoursWindow } from './agent/agent.entity';
export { AgentLicenseEntity } from './license/license.entity';
export { routingLicensesIn, routingLicensesOf, type RoutingLicense } from './license/routing-licenses';
export { Agent, AgentCapacity, WorkingHours } from './agent/agent.type';
export { CreateAgentInput, UpdateAgentInput, WorkingHoursInput } from './agent/agent.inputs';
export { LicenseInput } from './license/license.inputs';
export { AgentNotFoundError, AgentEmailTakenError } from './agent/agent.errors';
export { agentLocalDate, capacityOf, type CapacityView } from './agent/capacity';
export { reserveCapacity, releaseCapacity } from './capacity/capacity-ledger';
export { MAX_CAPACITY } from './agent/agent.validation';
export { createLoaders, forgetAgent, type AgentLoaders, type AgentContext } from './loaders';
