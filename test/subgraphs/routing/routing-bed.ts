import { In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { migrateSubgraph } from '../../../lib/db/migrate';
import {
  AgentStatus,
  AgentTier,
  LineOfAuthority,
  LeadStatus,
  ProductLine,
  TerritoryRole,
} from '../../../lib/domain/enums';
import { newId } from '../../../lib/domain/ids';
import { agentsSubgraph, AgentEntity, AgentLicenseEntity, routingLicensesOf } from '../../../subgraphs/agents';
import { leadsSubgraph, type RoutingWorker } from '../../../subgraphs/leads';
import { AssignmentEntity } from '../../../subgraphs/leads/assignment/assignment.entity';
import { DecisionEntity } from '../../../subgraphs/leads/decision/decision.entity';
import { LeadEntity } from '../../../subgraphs/leads/lead/lead.entity';
import { outcomesSubgraph } from '../../../subgraphs/outcomes';
import { territoriesSubgraph } from '../../../subgraphs/territories';
import { TerritoryMemberEntity } from '../../../subgraphs/territories/membership/territory-member.entity';
import { AreaKind, TerritoryAreaEntity } from '../../../subgraphs/territories/territory/territory-area.entity';
import { TerritoryEntity } from '../../../subgraphs/territories/territory/territory.entity';
import { dataOf } from '../../support/graphql-client';
import { createTestDatabase } from '../../support/mysql';
import { tempSqliteUrl } from '../../support/sqlite';
import { startTestSubgraph, type TestSubgraph } from '../../support/subgraph';
import { partnerToken } from '../../support/tokens';

export const ENGINES = ['SQLite', 'MariaDB'] as const;
export type Engine = (typeof ENGINES)[number];

/**
 * The leads subgraph (where routing lives) with the agents and outcomes
 * subgraphs on the same database, as in production: agents and outcomes are
 * changed through their own GraphQL APIs where a test is about that
 * (addCertification, recordOutcome), and written straight to their tables for
 * bulk setup. `worker` is a second RoutingWorker over the same database, driven
 * tick by tick, as another instance of the leads subgraph would run it.
 */
export interface RoutingBed {
  leads: TestSubgraph;
  agents: TestSubgraph;
  outcomes: TestSubgraph;
  worker: RoutingWorker;
  insertTerritory(area: { states?: string[]; postalCodes?: string[] }): Promise<string>;
  insertAgents(count: number, spec: AgentSpec): Promise<string[]>;
  /** A lead row as submitLead would have stored it before routing (status NEW unless given). */
  insertLead(overrides?: Partial<LeadEntity>): Promise<LeadEntity>;
  submitLead(input: Record<string, unknown>, partnerId?: string): Promise<SubmittedLead>;
  leadStatus(id: string): Promise<LeadStatus>;
  assignmentsOf(leadIds: string[]): Promise<AssignmentEntity[]>;
  rowCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface AgentSpec {
  territoryId: string;
  role?: TerritoryRole;
  maxOpen?: number;
  dailyCap?: number;
  status?: AgentStatus;
  tier?: AgentTier;
  certifications?: ProductLine[];
  appointments?: string[];
  licenses: Array<{ state: string; line: LineOfAuthority; expiresOn?: string | null }>;
}

export interface SubmittedLead {
  id: string;
  status: string;
  state: string;
  productLine: string;
}

const CHUNK = 200;

async function insertInChunks<T extends object>(
  leads: TestSubgraph,
  entity: new () => T,
  rows: Array<QueryDeepPartialEntity<T>>,
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await leads.dataSource
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(start, start + CHUNK))
      .execute();
  }
}

let sequence = 0;

/**
 * `env` configures the leads subgraph (and the worker instance built beside it).
 * By default routing caches nothing, so the two instances see a rule set the
 * moment either publishes it.
 */
export async function startRoutingBed(engine: Engine, env: NodeJS.ProcessEnv = {}): Promise<RoutingBed> {
  const database = engine === 'MariaDB' ? await createTestDatabase() : tempSqliteUrl();
  const { url } = database;
  await migrateSubgraph(territoriesSubgraph, url);
  const leads = await startTestSubgraph(leadsSubgraph, { databaseUrl: url, env: { ROUTING_CACHE_MS: '0', ...env } });
  const agents = await startTestSubgraph(agentsSubgraph, { databaseUrl: url });
  const outcomes = await startTestSubgraph(outcomesSubgraph, { databaseUrl: url });
  const built = await leadsSubgraph.build(leads.dataSource, leads.config, { events: leads.events });
  const worker = built.workers![0] as RoutingWorker;

  const bed: RoutingBed = {
    leads,
    agents,
    outcomes,
    worker,
    async insertTerritory({ states = [], postalCodes = [] }) {
      const id = newId();
      sequence += 1;
      await leads.dataSource
        .createQueryBuilder()
        .insert()
        .into(TerritoryEntity)
        .values({ id, name: `Territory ${sequence} ${id}`, createdAt: new Date() })
        .execute();
      const areas = [
        ...states.map((value) => ({ territoryId: id, kind: AreaKind.STATE, value })),
        ...postalCodes.map((value) => ({ territoryId: id, kind: AreaKind.ZIP, value })),
      ];
      await insertInChunks(leads, TerritoryAreaEntity, areas);
      return id;
    },
    async insertAgents(count, spec) {
      const now = new Date();
      const agentRows: AgentEntity[] = [];
      for (let index = 0; index < count; index += 1) {
        sequence += 1;
        agentRows.push(
          Object.assign(new AgentEntity(), {
            id: newId(),
            name: `Agent ${sequence}`,
            email: `agent.${sequence}.${newId()}@agency.example`,
            tier: spec.tier ?? AgentTier.STANDARD,
            status: spec.status ?? AgentStatus.ONLINE,
            timezone: 'America/Chicago',
            maxOpen: spec.maxOpen ?? 5,
            dailyCap: spec.dailyCap ?? 100,
            openCount: 0,
            assignedToday: 0,
            assignedDay: null,
            appointments: spec.appointments ?? [],
            certifications: spec.certifications ?? [],
            workingHours: [],
            routingLicenses: routingLicensesOf(
              spec.licenses.map((license) => ({ ...license, expiresOn: license.expiresOn ?? null })),
            ),
            createdAt: now,
            updatedAt: now,
          }),
        );
      }
      await insertInChunks(leads, AgentEntity, agentRows);
      await insertInChunks(
        leads,
        AgentLicenseEntity,
        agentRows.flatMap((agent) =>
          spec.licenses.map((license) =>
            Object.assign(new AgentLicenseEntity(), {
              id: newId(),
              agentId: agent.id,
              state: license.state,
              line: license.line,
              expiresOn: license.expiresOn ?? null,
            }),
          ),
        ),
      );
      await insertInChunks(
        leads,
        TerritoryMemberEntity,
        agentRows.map((agent) =>
          Object.assign(new TerritoryMemberEntity(), {
            territoryId: spec.territoryId,
            agentId: agent.id,
            role: spec.role ?? TerritoryRole.PRIMARY,
            weight: 1,
            createdAt: now,
            updatedAt: now,
          }),
        ),
      );
      return agentRows.map((agent) => agent.id);
    },
    async insertLead(overrides = {}) {
      const now = new Date();
      sequence += 1;
      const lead = Object.assign(new LeadEntity(), {
        id: newId(),
        partnerId: 'partner-direct',
        externalId: `direct-${sequence}-${newId()}`,
        productLine: ProductLine.PERSONAL_AUTO,
        customerType: 'PERSONAL' as LeadEntity['customerType'],
        status: LeadStatus.NEW,
        duplicateOfId: null,
        ...AUSTIN,
        estimatedPremium: 1200,
        carrier: null,
        firstName: 'Grace',
        lastName: 'Hopper',
        email: null,
        phone: null,
        consentAt: null,
        createdAt: now,
        updatedAt: now,
        ...overrides,
      });
      await leads.dataSource.getRepository(LeadEntity).insert(lead);
      return lead;
    },
    async submitLead(input, partnerId = 'partner-a') {
      const response = await leads.request<{ submitLead: SubmittedLead }>(
        `mutation ($input: SubmitLeadInput!) { submitLead(input: $input) { id status state productLine } }`,
        { input },
        partnerToken(partnerId),
      );
      return dataOf(response).submitLead;
    },
    async leadStatus(id) {
      return (await leads.dataSource.getRepository(LeadEntity).findOneByOrFail({ id })).status;
    },
    async assignmentsOf(leadIds) {
      if (leadIds.length === 0) return [];
      return leads.dataSource
        .getRepository(AssignmentEntity)
        .find({ where: { leadId: In(leadIds) }, order: { offeredAt: 'ASC', id: 'ASC' } });
    },
    async rowCounts() {
      const count = async (table: string): Promise<number> => {
        const row = await leads.dataSource
          .createQueryBuilder()
          .select('COUNT(*)', 'count')
          .from(table, 't')
          .getRawOne<{ count: string | number }>();
        return Number(row?.count);
      };
      return {
        routing_decisions: await count('routing_decisions'),
        assignments: await count('assignments'),
        outbox_events: await count('outbox_events'),
        leads: await count('leads'),
      };
    },
    async close() {
      await outcomes.close();
      await agents.close();
      await leads.close();
      if ('drop' in database) await database.drop();
      else database.remove();
    },
  };
  return bed;
}

let leadSequence = 0;

/** A unique, valid submission (own external id, phone and email) with `overrides` applied. */
export function leadInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  leadSequence += 1;
  const n = String(leadSequence).padStart(4, '0');
  return {
    externalId: `routing-${n}-${newId()}`,
    productLine: 'PERSONAL_AUTO',
    postalCode: '78701',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `ada.routing.${n}.${Date.now()}@mail.example`,
    estimatedPremium: 1200,
    ...overrides,
  };
}

/** The decisions stored about a lead, oldest first, straight from the table. */
export async function decisionsOf(bed: RoutingBed, leadId: string): Promise<DecisionEntity[]> {
  return bed.leads.dataSource
    .getRepository(DecisionEntity)
    .find({ where: { leadId }, order: { createdAt: 'ASC', id: 'ASC' } });
}

/** Where a lead is, as LeadService stores it from the submitted ZIP. */
export type LeadLocation = Pick<
  LeadEntity,
  'postalCode' | 'state' | 'county' | 'city' | 'latitude' | 'longitude' | 'timezone'
>;

/** Where `insertLead` puts a lead unless told otherwise. */
export const AUSTIN: LeadLocation = {
  postalCode: '78701',
  state: 'TX',
  county: 'Travis',
  city: 'Austin',
  latitude: 30.27,
  longitude: -97.74,
  timezone: 'America/Chicago',
};

/** One far-future date, so licenses are valid whenever the tests run. */
export const VALID_UNTIL = '2999-12-31';
export const EXPIRED_ON = '2001-01-01';
