import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { TerritoryRole } from '../../../lib/domain/enums';
import { lookupZip } from '../../../lib/geo/zip-codes';
import { ParsedText } from '../../../lib/parsed-text';
import { AgentEntity, routingLicensesIn } from '../../agents';
import { AgentConversionStatsEntity, type PopulationBindRates } from '../../outcomes';
// The territories subgraph does not export these from its index; they are its tables' public shape all the same.
import { TerritoryMemberEntity } from '../../territories/membership/territory-member.entity';
import { TerritoryAreaEntity } from '../../territories/territory/territory-area.entity';
import { areasContaining, type Area } from '../../territories/territory/territory-areas';
import type { AssignmentEntity } from '../assignment/assignment.entity';
import type { LeadEntity } from '../lead/lead.entity';
import { effectiveRuleFor, type EffectiveRule } from '../rule-set/rule-set.document';
import type { RuleSetEntity } from '../rule-set/rule-set.entity';
import { fallbackTier } from './engine/eligibility';
import type { AgentFacts, CandidateFacts, RoutingInput } from './engine/types';

/** One territory membership of an agent in a territory containing the lead, with the agent's routing facts. */
export interface MemberFacts {
  agent: AgentFacts;
  role: TerritoryRole;
  weight: number;
  stats: { leads: number; bound: number };
}

/**
 * The facts of one routing decision, read through per-request (or per-lead, in
 * the worker) DataLoaders. A decision's candidates cost one statement whether
 * its territories hold ten agents or a thousand, and they are read as plain
 * rows: hydrating entities was most of a decision's CPU.
 */
export interface RoutingLoaders {
  /**
   * Keyed by `candidatesKey(lead)`: every membership of a
   * territory containing the ZIP (its state, the ZIP, its 1–4 digit prefixes,
   * its county), with the agent's licenses in the ZIP's state and its record
   * on the product line.
   */
  membersByLocation: DataLoader<string, MemberFacts[]>;
  /** Pooled bind rates; shared by the process's requests, at most a few seconds old. */
  populationBindRates(): Promise<PopulationBindRates>;
  /** The rule set routing applies (RuleSetService.activeForRouting). */
  routingRuleSet(): Promise<RuleSetEntity>;
}

export interface SharedRoutingFacts {
  populationBindRates(): Promise<PopulationBindRates>;
  routingRuleSet(): Promise<RuleSetEntity>;
}

/** The ZIP decides the territories, the state the licenses, the product line the statistics. */
export const candidatesKey = (lead: Pick<LeadEntity, 'postalCode' | 'state' | 'productLine'>): string =>
  `${lead.postalCode}|${lead.state}|${lead.productLine}`;

export function createRoutingLoaders(dataSource: DataSource, shared: SharedRoutingFacts): RoutingLoaders {
  const tables = routingTables(dataSource);
  return {
    // One key per lead routed with these loaders; each key is its own pair of statements.
    membersByLocation: new DataLoader((keys) =>
      Promise.all(
        keys.map((key) => {
          const [postalCode, state, productLine] = key.split('|');
          return membersContaining(dataSource, tables, { postalCode, state, productLine });
        }),
      ),
    ),
    populationBindRates: () => shared.populationBindRates(),
    routingRuleSet: () => shared.routingRuleSet(),
  };
}

interface RoutingTables {
  /**
   * The join that reads the tables in the order written. MariaDB's optimizer,
   * seeing a handful of area rows, otherwise scans every membership of every
   * territory and probes areas for each: a decision then costs as much as the
   * whole membership table rather than its candidates (EXPLAIN ANALYZE: 1,000
   * members read for 100 candidates, 4.6x the time). SQLite already starts from
   * the areas' index.
   */
  join: string;
  areas: string;
  members: string;
  agents: string;
  stats: string;
}

const tablesBySource = new WeakMap<DataSource, RoutingTables>();

/**
 * Table names from the owning subgraphs' entities, so a rename there cannot
 * silently break routing; worked out once per data source, not per request.
 */
function routingTables(dataSource: DataSource): RoutingTables {
  const known = tablesBySource.get(dataSource);
  if (known) return known;
  const mysql = dataSource.options.type === 'mysql';
  const name = (entity: Parameters<DataSource['getMetadata']>[0]) =>
    dataSource.driver.escape(dataSource.getMetadata(entity).tableName);
  const tables = {
    join: mysql ? 'STRAIGHT_JOIN' : 'JOIN',
    areas: name(TerritoryAreaEntity),
    members: name(TerritoryMemberEntity),
    agents: name(AgentEntity),
    stats: name(AgentConversionStatsEntity),
  };
  tablesBySource.set(dataSource, tables);
  return tables;
}

interface MemberRow {
  agent_id: string;
  role: TerritoryRole;
  weight: number | string;
  tier: AgentFacts['tier'];
  status: AgentFacts['status'];
  timezone: string;
  max_open: number | string;
  daily_cap: number | string;
  open_count: number | string;
  assigned_today: number | string;
  assigned_day: string | null;
  appointments: string;
  certifications: string;
  working_hours: string;
  stat_leads: number | string | null;
  stat_bound: number | string | null;
  /** AgentEntity.routingLicenses as stored. */
  routing_licenses: string | null;
}

/** Parsed once per stored text (lib/parsed-text). */
const parsedColumn = <T>(): ParsedText<T> => new ParsedText((text) => JSON.parse(text) as T);
const appointmentsOf = parsedColumn<AgentFacts['appointments']>();
const certificationsOf = parsedColumn<AgentFacts['certifications']>();
const workingHoursOf = parsedColumn<AgentFacts['workingHours']>();

/**
 * One statement: the memberships of the territories whose areas contain the
 * ZIP joined with their agents and statistics; each agent's licenses come
 * from its own row's copy (AgentEntity.routingLicenses). Plain joins, no
 * IN-subqueries, so MariaDB builds no temporary table; the areas are matched
 * by (kind, value) through their index, and the statement then reads only
 * the candidates' rows (see RoutingTables.join). The territories subgraph defines
 * which areas contain a ZIP (`areasContaining`).
 */
async function membersContaining(
  dataSource: DataSource,
  tables: RoutingTables,
  { postalCode, state, productLine }: { postalCode: string; state: string; productLine: string },
): Promise<MemberFacts[]> {
  const location = lookupZip(postalCode);
  if (!location) return [];
  const areas = areaConditions(areasContaining(location));
  const members = await dataSource.query<MemberRow[]>(
    `SELECT m.agent_id, m.role, m.weight, a.tier, a.status, a.timezone, a.max_open, a.daily_cap, a.open_count,
            a.assigned_today, a.assigned_day, a.appointments, a.certifications, a.working_hours,
            a.routing_licenses, s.leads AS stat_leads, s.bound AS stat_bound
       FROM ${tables.areas} t
       ${tables.join} ${tables.members} m ON m.territory_id = t.territory_id
       ${tables.join} ${tables.agents} a ON a.id = m.agent_id
       LEFT JOIN ${tables.stats} s ON s.agent_id = m.agent_id AND s.product_line = ?
      WHERE ${areas.sql}`,
    [productLine, ...areas.parameters],
  );

  // An agent appears once per matching area of each of its territories: its facts are built once.
  const agents = new Map<string, AgentFacts>();
  return members.map((row) => {
    let agent = agents.get(row.agent_id);
    if (!agent) {
      agent = {
        id: row.agent_id,
        tier: row.tier,
        status: row.status,
        timezone: row.timezone,
        maxOpen: Number(row.max_open),
        dailyCap: Number(row.daily_cap),
        openCount: Number(row.open_count),
        assignedToday: Number(row.assigned_today),
        assignedDay: row.assigned_day,
        appointments: appointmentsOf.of(row.appointments),
        certifications: certificationsOf.of(row.certifications),
        workingHours: workingHoursOf.of(row.working_hours),
        licenses: routingLicensesIn(row.routing_licenses, state),
      };
      agents.set(row.agent_id, agent);
    }
    return {
      agent,
      role: row.role,
      weight: Number(row.weight),
      stats: { leads: Number(row.stat_leads ?? 0), bound: Number(row.stat_bound ?? 0) },
    };
  });
}

/** Areas matching any of `areas`: `(t.kind = ? AND t.value IN (…)) OR …`. */
function areaConditions(areas: readonly Area[]): { sql: string; parameters: string[] } {
  const valuesByKind = new Map<string, string[]>();
  for (const { kind, value } of areas) valuesByKind.set(kind, [...(valuesByKind.get(kind) ?? []), value]);
  const conditions: string[] = [];
  const parameters: string[] = [];
  for (const [kind, values] of valuesByKind) {
    conditions.push(`(t.kind = ? AND t.value IN (${values.map(() => '?').join(', ')}))`);
    parameters.push(kind, ...values);
  }
  // A ZIP always lies in its state, so there is at least one condition.
  return { sql: conditions.join(' OR '), parameters };
}

/**
 * Whether `member` is a better membership of its agent than `other` under
 * `rule`: an earlier fallback tier (PRIMARY, then the rule's fallback roles in
 * its order; a role the rule never falls back to is worst), or the same tier
 * with more weight. By the rule's order, not a fixed PRIMARY > BACKUP >
 * OVERFLOW: an agent who is BACKUP in a city and OVERFLOW statewide is
 * reachable through its OVERFLOW membership under a rule falling back to
 * OVERFLOW only, and ranks first as OVERFLOW under `[OVERFLOW, BACKUP]`.
 */
function outranks(member: MemberFacts, other: MemberFacts, rule: EffectiveRule): boolean {
  const tierOf = (role: TerritoryRole): number => fallbackTier(role, rule) ?? Number.POSITIVE_INFINITY;
  const byTier = tierOf(member.role) - tierOf(other.role);
  return byTier < 0 || (byTier === 0 && member.weight > other.weight);
}

export interface RoutingFacts {
  input: Omit<RoutingInput, 'random'>;
  ruleSet: RuleSetEntity;
  /** The agents considered, by id (for reserving their capacity). */
  agents: ReadonlyMap<string, AgentFacts>;
}

/**
 * Everything `decide` needs about a lead, in one round of batched reads: the
 * rule set, the pooled bind rates, the lead's earlier offers and the members
 * of the territories containing it.
 */
export async function loadRoutingFacts(
  loaders: RoutingLoaders & { assignmentsByLeadId: DataLoader<string, AssignmentEntity[]> },
  lead: LeadEntity,
  now: Date,
): Promise<RoutingFacts> {
  const [ruleSet, population, earlierAssignments, members] = await Promise.all([
    loaders.routingRuleSet(),
    loaders.populationBindRates(),
    loaders.assignmentsByLeadId.load(lead.id),
    loaders.membersByLocation.load(candidatesKey(lead)),
  ]);

  // An agent in several territories containing the lead counts once, as the member of its best role under
  // the rule, with the highest weight it has in that role: a manager who set a PRIMARY weight of 0.3 to send
  // the agent fewer leads means it, whatever weight the agent has as OVERFLOW of a wider territory.
  const rule = effectiveRuleFor(ruleSet.rules, lead);
  const byAgent = new Map<string, MemberFacts>();
  for (const member of members) {
    const known = byAgent.get(member.agent.id);
    if (!known || outranks(member, known, rule)) byAgent.set(member.agent.id, member);
  }

  const offered = new Set(earlierAssignments.map((assignment) => assignment.agentId));
  const agents = new Map<string, AgentFacts>();
  const candidates: CandidateFacts[] = [];
  for (const { agent, role, weight, stats } of byAgent.values()) {
    agents.set(agent.id, agent);
    candidates.push({ agent, role, weight, stats, previouslyOffered: offered.has(agent.id) });
  }

  return {
    ruleSet,
    agents,
    input: {
      lead: {
        id: lead.id,
        productLine: lead.productLine,
        customerType: lead.customerType,
        state: lead.state,
        carrier: lead.carrier,
        estimatedPremium: lead.estimatedPremium,
      },
      rule,
      candidates,
      populationBindRate: population.certificationPriors(lead.productLine),
      now,
    },
  };
}
