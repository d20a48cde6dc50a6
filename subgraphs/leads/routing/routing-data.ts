import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { TerritoryRole, type ProductLine } from '../../../lib/domain/enums';
import { lookupZip } from '../../../lib/geo/zip-codes';
import { groupLoader, rowLoader } from '../../../lib/loaders';
import { AgentEntity, AgentLicenseEntity, AgentNotFoundError } from '../../agents';
import { AgentConversionStatsEntity, ConversionStatsService, type PopulationBindRates } from '../../outcomes';
// The territories subgraph does not export these from its index; they are its tables' public shape all the same.
import { TerritoryMemberEntity } from '../../territories/membership/territory-member.entity';
import { TerritoryAreaEntity } from '../../territories/territory/territory-area.entity';
import { areasContaining } from '../../territories/territory/territory-areas';
import type { AssignmentEntity } from '../assignment/assignment.entity';
import type { LeadEntity } from '../lead/lead.entity';
import { effectiveRuleFor } from '../rule-set/rule-set.document';
import type { RuleSetEntity } from '../rule-set/rule-set.entity';
import type { AgentFacts, CandidateFacts, RoutingInput } from './engine/types';

/**
 * The facts of one routing decision, read through per-request (or per-lead, in
 * the worker) DataLoaders. Every loader answers a whole batch with one
 * statement, so a decision costs the same handful of statements whether its
 * territories hold ten candidates or a thousand.
 */
export interface RoutingLoaders {
  /** Ids of the territories containing a ZIP code (its state, the ZIP, its 1–4 digit prefixes, its county). */
  territoryIdsByLocation: DataLoader<string, string[]>;
  membersByTerritoryId: DataLoader<string, TerritoryMemberEntity[]>;
  agentById: DataLoader<string, AgentEntity>;
  /** Keyed by `licenseKey(agentId, state)`: only the licenses a lead's state can use. */
  licensesByAgentInState: DataLoader<string, AgentLicenseEntity[]>;
  /** Keyed by `statsKey(agentId, productLine)`; null when the agent has no outcome on that line. */
  statsByAgentAndProductLine: DataLoader<string, AgentConversionStatsEntity | null>;
  /** Pooled bind rates, read at most once per set of loaders. */
  populationBindRates(): Promise<PopulationBindRates>;
  /** The ACTIVE rule set, read at most once per set of loaders. */
  activeRuleSet(): Promise<RuleSetEntity>;
}

export const statsKey = (agentId: string, productLine: ProductLine): string => `${agentId}|${productLine}`;
export const licenseKey = (agentId: string, state: string): string => `${agentId}|${state}`;

export function createRoutingLoaders(
  dataSource: DataSource,
  ruleSets: { activeRuleSet(): Promise<RuleSetEntity> },
): RoutingLoaders {
  const stats = new ConversionStatsService(dataSource);
  let population: Promise<PopulationBindRates> | undefined;
  return {
    territoryIdsByLocation: new DataLoader((postalCodes) => territoryIdsContaining(dataSource, postalCodes)),
    membersByTerritoryId: groupLoader(
      (territoryIds) => dataSource.getRepository(TerritoryMemberEntity).findBy({ territoryId: In([...territoryIds]) }),
      (member) => member.territoryId,
    ),
    agentById: rowLoader(
      (ids) => dataSource.getRepository(AgentEntity).findBy({ id: In([...ids]) }),
      (agent) => agent.id,
      (id) => new AgentNotFoundError(id),
    ),
    licensesByAgentInState: groupLoader(
      (keys) => {
        const pairs = keys.map((key) => key.split('|'));
        return dataSource.getRepository(AgentLicenseEntity).findBy({
          agentId: In([...new Set(pairs.map(([agentId]) => agentId))]),
          state: In([...new Set(pairs.map(([, state]) => state))]),
        });
      },
      (license) => licenseKey(license.agentId, license.state),
    ),
    statsByAgentAndProductLine: new DataLoader(async (keys) => {
      const pairs = keys.map((key) => key.split('|') as [string, ProductLine]);
      const rows = await dataSource.getRepository(AgentConversionStatsEntity).findBy({
        agentId: In([...new Set(pairs.map(([agentId]) => agentId))]),
        productLine: In([...new Set(pairs.map(([, productLine]) => productLine))]),
      });
      const byKey = new Map(rows.map((row) => [statsKey(row.agentId, row.productLine), row]));
      return keys.map((key) => byKey.get(key) ?? null);
    }),
    populationBindRates: () => (population ??= stats.populationBindRates()),
    activeRuleSet: () => ruleSets.activeRuleSet(),
  };
}

/**
 * One statement for a batch of ZIP codes: the areas matching any of them by
 * (kind, value), served by the territory_areas (kind, value) index, then each
 * ZIP gets the territories of the areas it contains. The territories subgraph
 * defines which areas contain a ZIP (`areasContaining`); this reuses it.
 */
async function territoryIdsContaining(dataSource: DataSource, postalCodes: readonly string[]): Promise<string[][]> {
  const areasByZip = postalCodes.map((postalCode) => {
    const location = lookupZip(postalCode);
    return location ? areasContaining(location) : [];
  });
  const valuesByKind = new Map<string, Set<string>>();
  for (const { kind, value } of areasByZip.flat()) {
    valuesByKind.set(kind, (valuesByKind.get(kind) ?? new Set()).add(value));
  }
  if (valuesByKind.size === 0) return postalCodes.map(() => []);
  const query = dataSource
    .getRepository(TerritoryAreaEntity)
    .createQueryBuilder('area')
    .select(['area.territoryId', 'area.kind', 'area.value']);
  const conditions: string[] = [];
  [...valuesByKind].forEach(([kind, values], index) => {
    conditions.push(`(area.kind = :kind${index} AND area.value IN (:...values${index}))`);
    query.setParameter(`kind${index}`, kind).setParameter(`values${index}`, [...values]);
  });
  const rows = await query.where(conditions.join(' OR ')).getMany();
  const territoriesByArea = new Map<string, Set<string>>();
  for (const row of rows) {
    const area = `${row.kind}:${row.value}`;
    territoriesByArea.set(area, (territoriesByArea.get(area) ?? new Set()).add(row.territoryId));
  }
  return areasByZip.map((areas) => [
    ...new Set(areas.flatMap(({ kind, value }) => [...(territoriesByArea.get(`${kind}:${value}`) ?? [])])),
  ]);
}

const ROLE_RANK: Record<TerritoryRole, number> = {
  [TerritoryRole.PRIMARY]: 0,
  [TerritoryRole.BACKUP]: 1,
  [TerritoryRole.OVERFLOW]: 2,
};

/** Results of `loadMany` without the keys that had no row. */
function present<T>(results: Array<T | Error>): T[] {
  return results.filter((result): result is T => !(result instanceof Error));
}

export interface RoutingFacts {
  input: Omit<RoutingInput, 'random'>;
  ruleSet: RuleSetEntity;
  /** The agents considered, by id (for reserving their capacity). */
  agents: ReadonlyMap<string, AgentEntity>;
}

/**
 * Everything `decide` needs about a lead, in three rounds of batched reads:
 * (rule set, territories, population rates, earlier offers), members, then the
 * members' agents, licenses and statistics.
 */
export async function loadRoutingFacts(
  loaders: RoutingLoaders & { assignmentsByLeadId: DataLoader<string, AssignmentEntity[]> },
  lead: LeadEntity,
  now: Date,
): Promise<RoutingFacts> {
  const [ruleSet, territoryIds, population, earlierAssignments] = await Promise.all([
    loaders.activeRuleSet(),
    loaders.territoryIdsByLocation.load(lead.postalCode),
    loaders.populationBindRates(),
    loaders.assignmentsByLeadId.load(lead.id),
  ]);
  const memberships = present(await loaders.membersByTerritoryId.loadMany(territoryIds)).flat();

  // An agent in several territories containing the lead counts once, with its best role and highest weight.
  const membershipByAgent = new Map<string, { role: TerritoryRole; weight: number }>();
  for (const { agentId, role, weight } of memberships) {
    const known = membershipByAgent.get(agentId);
    membershipByAgent.set(agentId, {
      role: known && ROLE_RANK[known.role] <= ROLE_RANK[role] ? known.role : role,
      weight: Math.max(known?.weight ?? 0, weight),
    });
  }
  const agentIds = [...membershipByAgent.keys()];
  const [agents, licenses, stats] = await Promise.all([
    loaders.agentById.loadMany(agentIds),
    loaders.licensesByAgentInState.loadMany(agentIds.map((id) => licenseKey(id, lead.state))),
    loaders.statsByAgentAndProductLine.loadMany(agentIds.map((id) => statsKey(id, lead.productLine))),
  ]);

  const offered = new Set(earlierAssignments.map((assignment) => assignment.agentId));
  const agentsById = new Map<string, AgentEntity>();
  const candidates: CandidateFacts[] = [];
  agentIds.forEach((agentId, index) => {
    const agent = agents[index];
    // A membership of an agent that no longer exists: nobody to route to.
    if (agent instanceof Error) return;
    agentsById.set(agentId, agent);
    const agentLicenses = licenses[index] instanceof Error ? [] : (licenses[index] as AgentLicenseEntity[]);
    const agentStats = stats[index] instanceof Error ? null : (stats[index] as AgentConversionStatsEntity | null);
    const membership = membershipByAgent.get(agentId)!;
    candidates.push({
      agent: agentFacts(agent, agentLicenses),
      role: membership.role,
      weight: membership.weight,
      stats: { leads: agentStats?.leads ?? 0, bound: agentStats?.bound ?? 0 },
      previouslyOffered: offered.has(agentId),
    });
  });

  return {
    ruleSet,
    agents: agentsById,
    input: {
      lead: {
        id: lead.id,
        productLine: lead.productLine,
        customerType: lead.customerType,
        state: lead.state,
        carrier: lead.carrier,
        estimatedPremium: lead.estimatedPremium,
      },
      rule: effectiveRuleFor(ruleSet.rules, lead),
      candidates,
      populationBindRate: population.certificationPriors(lead.productLine),
      now,
    },
  };
}

function agentFacts(agent: AgentEntity, licenses: AgentLicenseEntity[]): AgentFacts {
  return {
    id: agent.id,
    tier: agent.tier,
    status: agent.status,
    timezone: agent.timezone,
    maxOpen: agent.maxOpen,
    dailyCap: agent.dailyCap,
    openCount: agent.openCount,
    assignedToday: agent.assignedToday,
    assignedDay: agent.assignedDay,
    appointments: agent.appointments,
    certifications: agent.certifications,
    workingHours: agent.workingHours,
    licenses: licenses.map(({ state, line, expiresOn }) => ({ state, line, expiresOn })),
  };
}
