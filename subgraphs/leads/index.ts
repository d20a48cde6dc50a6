import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { RequestContext } from '../../lib/context';
import { NotFoundError } from '../../lib/errors';
import { AddOutboxPublished1732700000000 } from '../../lib/events/add-outbox-published.migration';
import { CreateOutboxEvents1732500000000 } from '../../lib/events/create-outbox-events.migration';
import { OutboxEventEntity } from '../../lib/events/outbox-event.entity';
import { OutboxRelay } from '../../lib/events/outbox-relay';
import { buildSubgraphSchema } from '../../lib/federation/build-subgraph-schema';
import type { SubgraphModule } from '../../lib/federation/subgraph-module';
import { createLogger } from '../../lib/logger';
import { RecentValue } from '../../lib/recent-value';
import { AgentEntity, AgentLicenseEntity } from '../agents';
import { AgentConversionStatsEntity, ConversionStatsService } from '../outcomes';
import { TerritoryMemberEntity } from '../territories/membership/territory-member.entity';
import { TerritoryAreaEntity } from '../territories/territory/territory-area.entity';
import { TerritoryEntity } from '../territories/territory/territory.entity';
import { AgentAssignmentsResolver } from './agent/agent-reference.resolver';
import { agentReference } from './agent/agent-reference.type';
import { assignmentOfferedSubscription } from './assignment/assignment-offered.subscription';
import { AssignmentEntity } from './assignment/assignment.entity';
import { canSeeAssignment, canSeeDecision } from './assignment/assignment.policy';
import { AssignmentResolver } from './assignment/assignment.resolver';
import { AssignmentService } from './assignment/assignment.service';
import { DecisionEntity } from './decision/decision.entity';
import { DecisionResolver } from './decision/decision.resolver';
import { LeadEntity } from './lead/lead.entity';
import { canSeeLead, needsOffers } from './lead/lead.policy';
import { LeadResolver } from './lead/lead.resolver';
import { LeadService } from './lead/lead.service';
import { createLoaders, loadLeadOrNull, type LeadsLoaders } from './loaders';
import { CreateLeads1732400000000 } from './migrations/1732400000000-CreateLeads';
import { CreateRouting1732500100000 } from './migrations/1732500100000-CreateRouting';
import { AddLeadQueueIndex1732500200000 } from './migrations/1732500200000-AddLeadQueueIndex';
import { LeadsBinaryIds1732800000000 } from './migrations/1732800000000-BinaryIds';
import { ExactPartnerAndEmail1733200000000 } from './migrations/1733200000000-ExactPartnerAndEmail';
import { AddLeadQueueValueIndex1733200100000 } from './migrations/1733200100000-AddLeadQueueValueIndex';
import { RoutingResolver } from './routing/routing.resolver';
import { RoutingService } from './routing/routing.service';
import { RoutingWorker } from './routing/routing.worker';
import { RuleSetEntity, RuleSetResolver, ruleSetReferenceResolvers, RuleSetService } from './rule-set';

type Context = RequestContext<LeadsLoaders>;

/** A row the viewer may see, else null (a reference never reveals what the viewer may not read). */
async function visibleOrNull<T>(load: Promise<T>, visible: (row: T) => boolean): Promise<T | null> {
  try {
    const row = await load;
    return visible(row) ? row : null;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** The lead if the viewer may see it (canSeeLead), else null, like a lead that does not exist. */
async function visibleLeadOrNull(ctx: Context, id: string): Promise<LeadEntity | null> {
  const lead = await loadLeadOrNull(ctx.loaders, id);
  if (!lead) return null;
  // Only an agent's access depends on the lead's offers: no query for anyone else.
  const offers = needsOffers(ctx.viewer) ? await ctx.loaders.assignmentsByLeadId.load(lead.id) : [];
  return canSeeLead(ctx.viewer, lead, offers) ? lead : null;
}

/**
 * Leads: partners submit them (validated, located from the ZIP code,
 * idempotent per partner and external id, flagged when duplicate) and each new
 * lead is routed at once; agents accept or decline offers; staff read leads,
 * decisions and assignments, route and preview; a background worker expires
 * offers and drains the queue. Rule sets live here too. Routing reads the
 * agents', territories' and outcomes' tables through their entities.
 */
export const leadsSubgraph: SubgraphModule<LeadsLoaders> = {
  name: 'leads',
  entities: [
    LeadEntity,
    RuleSetEntity,
    DecisionEntity,
    AssignmentEntity,
    OutboxEventEntity,
    AgentEntity,
    AgentLicenseEntity,
    // TerritoryMemberEntity's relation needs TerritoryEntity registered; routing never reads it.
    TerritoryEntity,
    TerritoryAreaEntity,
    TerritoryMemberEntity,
    AgentConversionStatsEntity,
  ],
  migrations: [
    CreateLeads1732400000000,
    CreateOutboxEvents1732500000000,
    AddOutboxPublished1732700000000,
    CreateRouting1732500100000,
    AddLeadQueueIndex1732500200000,
    LeadsBinaryIds1732800000000,
    ExactPartnerAndEmail1733200000000,
    AddLeadQueueValueIndex1733200100000,
  ],
  async build(dataSource, config, { events }) {
    const ruleSetService = new RuleSetService(dataSource, config);
    const conversionStats = new ConversionStatsService(dataSource);
    // Priors pooled over thousands of outcomes: seconds of staleness change no ranking, a GROUP BY per decision costs.
    const populationBindRates = new RecentValue(() => conversionStats.populationBindRates(), config.routingCacheMs);
    const loaders = (): LeadsLoaders =>
      createLoaders(dataSource, {
        leads: leadService,
        ruleSets: ruleSetService,
        populationBindRates: () => populationBindRates.get(),
      });
    const routingService = new RoutingService(dataSource, { createLoaders: loaders });
    const leadService = new LeadService(
      dataSource,
      { ...config, logger: createLogger(config.logLevel, 'leads').child({ service: 'leads' }) },
      routingService,
    );
    const assignmentService = new AssignmentService(dataSource, routingService);
    const routingWorker = new RoutingWorker(dataSource, routingService, assignmentService, loaders, {
      events,
      intervalMs: config.routingPollMs,
      sweepMs: config.routingSweepMs,
      logger: createLogger(config.logLevel, 'leads').child({ worker: 'routing' }),
    });

    const schema = await buildSubgraphSchema({
      resolvers: [
        LeadResolver,
        RuleSetResolver,
        RoutingResolver,
        AssignmentResolver,
        DecisionResolver,
        AgentAssignmentsResolver,
      ],
      subscriptions: assignmentOfferedSubscription(events, loaders),
      resolverInstances: [
        new LeadResolver(leadService),
        new RuleSetResolver(ruleSetService),
        new RoutingResolver(routingService),
        new AssignmentResolver(assignmentService),
        new DecisionResolver(),
        new AgentAssignmentsResolver(),
      ],
      referenceResolvers: {
        ...ruleSetReferenceResolvers,
        Lead: {
          // Same rule as `lead(id:)`: a direct `_entities` call to this subgraph passes no other check.
          __resolveReference: (reference: { id: string }, ctx: Context) => visibleLeadOrNull(ctx, reference.id),
        },
        Assignment: {
          __resolveReference: (reference: { id: string }, ctx: Context) =>
            visibleOrNull(ctx.loaders.assignmentById.load(reference.id), (row) => canSeeAssignment(ctx.viewer, row)),
        },
        RoutingDecision: {
          __resolveReference: (reference: { id: string }, ctx: Context) =>
            visibleOrNull(ctx.loaders.decisionById.load(reference.id), (row) => canSeeDecision(ctx.viewer, row)),
        },
        // Every other Agent field comes from the agents subgraph (and territories, outcomes).
        Agent: { __resolveReference: (reference: { id: string }) => agentReference(reference.id) },
      } as GraphQLResolverMap<unknown>,
    });
    // Every subgraph's events share one outbox table; the leads subgraph's instances relay them all.
    const relay = new OutboxRelay(dataSource, events, {
      logger: createLogger(config.logLevel, 'leads').child({ worker: 'outbox-relay' }),
    });
    return { schema, createLoaders: loaders, workers: [routingWorker, relay] };
  },
};

export { LeadEntity } from './lead/lead.entity';
export { leadLocation, type LeadLocation } from './lead/lead-location';
export { LeadNotFoundError } from './lead/lead.errors';
export type { SubmitLeadFields } from './lead/lead.inputs';
export { LeadService, type LeadListFilter, type LeadServiceOptions } from './lead/lead.service';
export { createLoaders, loadLeadOrNull, type LeadsLoaders } from './loaders';
export { AssignmentEntity } from './assignment/assignment.entity';
export { AssignmentStatus, OPEN_ASSIGNMENT_STATUSES } from './assignment/assignment-status';
export { AssignmentService } from './assignment/assignment.service';
export { DecisionEntity, type CandidateRecord, type RoutingTrigger } from './decision/decision.entity';
export { RoutingService, type RouteResult, type RoutingServiceOptions } from './routing/routing.service';
export { RoutingWorker, type RoutingWorkerOptions, type TickReport } from './routing/routing.worker';
export { RuleSetEntity, RuleSetService } from './rule-set';
