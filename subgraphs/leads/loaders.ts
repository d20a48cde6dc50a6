import DataLoader from 'dataloader';
import { In, IsNull, MoreThan, type DataSource, type Repository } from 'typeorm';
import { groupLoader, rowLoader } from '../../lib/loaders';
import { AssignmentStatus } from './assignment/assignment-status';
import { AssignmentEntity } from './assignment/assignment.entity';
import { AssignmentNotFoundError } from './assignment/assignment.errors';
import { DecisionEntity } from './decision/decision.entity';
import { DecisionNotFoundError } from './decision/decision.errors';
import type { LeadEntity } from './lead/lead.entity';
import { LeadNotFoundError } from './lead/lead.errors';
import type { LeadService } from './lead/lead.service';
import type { PopulationBindRates } from '../outcomes';
import { createRoutingLoaders, type RoutingLoaders } from './routing/routing-data';
import { createRuleSetLoaders, type RuleSetLoaders, type RuleSetService } from './rule-set';

export interface LeadsLoaders extends RuleSetLoaders, RoutingLoaders {
  /** One batched `IN (…)` query per tick; a missing id yields LeadNotFoundError. */
  leadById: DataLoader<string, LeadEntity>;
  assignmentById: DataLoader<string, AssignmentEntity>;
  decisionById: DataLoader<string, DecisionEntity>;
  /** Every offer of the lead, oldest first. */
  assignmentsByLeadId: DataLoader<string, AssignmentEntity[]>;
  /** Every stored decision about the lead, oldest first. */
  decisionsByLeadId: DataLoader<string, DecisionEntity[]>;
  /** Keyed by `agentAssignmentsKey(agentId, status)`; newest first. */
  assignmentsByAgent: DataLoader<string, AssignmentEntity[]>;
  /**
   * The agent's offers still awaiting its answer (OFFERED and not lapsed),
   * oldest first, at most MAX_OPEN_OFFERS_READ: what a new `assignmentOffered`
   * subscription delivers before the live offers.
   */
  openOffersByAgent: DataLoader<string, AssignmentEntity[]>;
}

/** An agent's maxOpen may be up to 10,000; no screen shows that many offers at once. */
export const MAX_OPEN_OFFERS_READ = 500;

export interface LeadsServices {
  leads: LeadService;
  ruleSets: RuleSetService;
  /** Pooled bind rates shared by the process's requests (routing priors). */
  populationBindRates: () => Promise<PopulationBindRates>;
}

const ANY_STATUS = '*';

export const agentAssignmentsKey = (agentId: string, status: AssignmentStatus | null | undefined): string =>
  `${agentId}|${status ?? ANY_STATUS}`;

/** A fresh set per request (and per lead a worker routes), so no one reads another's cache. */
export function createLoaders(dataSource: DataSource, services: LeadsServices): LeadsLoaders {
  const assignments = dataSource.getRepository(AssignmentEntity);
  const decisions = dataSource.getRepository(DecisionEntity);
  const ruleSetLoaders = createRuleSetLoaders(services.ruleSets);
  return {
    ...ruleSetLoaders,
    ...createRoutingLoaders(dataSource, {
      routingRuleSet: () => services.ruleSets.activeForRouting(),
      populationBindRates: services.populationBindRates,
    }),
    leadById: rowLoader(
      (ids) => services.leads.findByIds(ids),
      (lead) => lead.id,
      (id) => new LeadNotFoundError(id),
    ),
    assignmentById: rowLoader(
      (ids) => assignments.findBy({ id: In([...ids]) }),
      (assignment) => assignment.id,
      (id) => new AssignmentNotFoundError(id),
    ),
    decisionById: rowLoader(
      (ids) => decisions.findBy({ id: In([...ids]) }),
      (decision) => decision.id,
      (id) => new DecisionNotFoundError(id),
    ),
    assignmentsByLeadId: groupLoader(
      (leadIds) => assignments.find({ where: { leadId: In([...leadIds]) }, order: { offeredAt: 'ASC', id: 'ASC' } }),
      (assignment) => assignment.leadId,
    ),
    decisionsByLeadId: groupLoader(
      (leadIds) => decisions.find({ where: { leadId: In([...leadIds]) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      (decision) => decision.leadId,
    ),
    assignmentsByAgent: new DataLoader(async (keys) => {
      // One statement per distinct status asked for in the batch (in practice one).
      const agentIdsByStatus = new Map<string, Set<string>>();
      for (const key of keys) {
        // Statuses never contain the separator; an id from a client's representation might.
        const separator = key.lastIndexOf('|');
        const agentId = key.slice(0, separator);
        const status = key.slice(separator + 1);
        agentIdsByStatus.set(status, (agentIdsByStatus.get(status) ?? new Set()).add(agentId));
      }
      const rows = new Map<string, AssignmentEntity[]>(keys.map((key) => [key, []]));
      for (const [status, agentIds] of agentIdsByStatus) {
        const found = await assignments.find({
          where: {
            agentId: In([...agentIds]),
            ...(status === ANY_STATUS ? {} : { status: status as AssignmentStatus }),
          },
          order: { offeredAt: 'DESC', id: 'DESC' },
        });
        for (const assignment of found) rows.get(`${assignment.agentId}|${status}`)?.push(assignment);
      }
      return keys.map((key) => rows.get(key) ?? []);
    }),
    // One statement per agent, so that the bound is per agent (a subscription asks for one).
    openOffersByAgent: new DataLoader((agentIds) =>
      Promise.all(agentIds.map((agentId) => openOffersOf(assignments, agentId, new Date()))),
    ),
  };
}

/** Served by ix_assignments_agent_status; "not lapsed" is the test accepting an offer applies. */
function openOffersOf(
  assignments: Repository<AssignmentEntity>,
  agentId: string,
  now: Date,
): Promise<AssignmentEntity[]> {
  const offered = { agentId, status: AssignmentStatus.OFFERED };
  return assignments.find({
    where: [
      { ...offered, expiresAt: IsNull() },
      { ...offered, expiresAt: MoreThan(now) },
    ],
    order: { offeredAt: 'ASC', id: 'ASC' },
    take: MAX_OPEN_OFFERS_READ,
  });
}

/** The lead, or null when no lead has this id. */
export async function loadLeadOrNull(loaders: LeadsLoaders, id: string): Promise<LeadEntity | null> {
  try {
    return await loaders.leadById.load(id);
  } catch (error) {
    if (error instanceof LeadNotFoundError) return null;
    throw error;
  }
}
