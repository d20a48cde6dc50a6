import { randomBytes } from 'node:crypto';
import { Table, type DataSource } from 'typeorm';
import { AgentStatus, AgentTier, CustomerType, LeadStatus, ProductLine } from '../../../lib/domain/enums';
import { newId } from '../../../lib/domain/ids';
import { OutboxEventEntity } from '../../../lib/events/outbox-event.entity';
import type { TopicName } from '../../../lib/events/topics';
import { AgentEntity } from '../../../subgraphs/agents/agent/agent.entity';
import { reserveCapacity } from '../../../subgraphs/agents/capacity/capacity-ledger';
import { AssignmentStatus, OPEN_ASSIGNMENT_STATUSES } from '../../../subgraphs/leads/assignment/assignment-status';
import { AssignmentEntity } from '../../../subgraphs/leads/assignment/assignment.entity';
import { LeadEntity } from '../../../subgraphs/leads/lead/lead.entity';
import { outcomesSubgraph } from '../../../subgraphs/outcomes';
import { createTestDatabase } from '../../support/mysql';
import { startTestSubgraph, type TestSubgraph } from '../../support/subgraph';

export type Engine = 'sqlite' | 'mariadb';
export const ENGINES: readonly Engine[] = ['sqlite', 'mariadb'];

export interface OutcomesTestBed extends TestSubgraph {
  /** A lead row as the leads subgraph would have written it. */
  insertLead(overrides?: Partial<LeadEntity>): Promise<LeadEntity>;
  /** An agent row as the agents subgraph would have written it (ONLINE, nothing open); its id. */
  insertAgent(overrides?: Partial<AgentEntity>): Promise<string>;
  /**
   * An assignment as routing would have written it. An OFFERED or ACCEPTED one
   * holds the lead (openLeadId) and a unit of the agent's capacity, reserved through the ledger.
   */
  insertAssignment(leadId: string, agentId: string, status: AssignmentStatus): Promise<AssignmentEntity>;
  assignment(id: string): Promise<AssignmentEntity>;
  agent(id: string): Promise<AgentEntity>;
  /** The outbox events of one topic about one aggregate, oldest first. */
  outboxEvents(topic: TopicName, aggregateId: string): Promise<OutboxEventEntity[]>;
  leadStatus(id: string): Promise<LeadStatus>;
  outcomeCount(): Promise<number>;
}

/**
 * The tables this subgraph reads but does not own, created from their owners'
 * entity metadata (so they follow the entities): `leads`, `assignments` and `agents`.
 */
async function createBorrowedTables(dataSource: DataSource): Promise<void> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    for (const entity of [LeadEntity, AgentEntity, AssignmentEntity]) {
      await queryRunner.createTable(Table.create(dataSource.getMetadata(entity), dataSource.driver), true);
    }
  } finally {
    await queryRunner.release();
  }
}

/** The outcomes subgraph over a fresh SQLite file or MariaDB database, with the borrowed tables in place. */
export async function startOutcomesTestBed(engine: Engine): Promise<OutcomesTestBed> {
  const database = engine === 'mariadb' ? await createTestDatabase() : undefined;
  let subgraph: TestSubgraph;
  try {
    subgraph = await startTestSubgraph(outcomesSubgraph, { databaseUrl: database?.url });
  } catch (error) {
    await database?.drop();
    throw error;
  }
  const { dataSource } = subgraph;
  await createBorrowedTables(dataSource);
  return {
    ...subgraph,
    insertLead: async (overrides = {}) => {
      const now = new Date();
      const lead = dataSource.getRepository(LeadEntity).create({
        id: newId(),
        partnerId: 'partner-acme',
        externalId: newId(),
        productLine: ProductLine.PERSONAL_AUTO,
        customerType: CustomerType.PERSONAL,
        status: LeadStatus.NEW,
        duplicateOfId: null,
        postalCode: '10001',
        state: 'NY',
        county: 'New York',
        city: 'New York',
        latitude: 40.7506,
        longitude: -73.9972,
        timezone: 'America/New_York',
        estimatedPremium: 1200,
        carrier: null,
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: null,
        phone: null,
        consentAt: null,
        createdAt: now,
        updatedAt: now,
        ...overrides,
      });
      await dataSource.getRepository(LeadEntity).insert(lead);
      return lead;
    },
    insertAgent: async (overrides = {}) => {
      const now = new Date();
      const agent = dataSource.getRepository(AgentEntity).create({
        id: newId(),
        name: 'Grace Hopper',
        email: `grace.${randomBytes(5).toString('hex')}@example.com`,
        tier: AgentTier.STANDARD,
        status: AgentStatus.ONLINE,
        timezone: 'America/New_York',
        maxOpen: 10,
        dailyCap: 50,
        openCount: 0,
        assignedToday: 0,
        assignedDay: null,
        appointments: [],
        certifications: [],
        workingHours: [],
        createdAt: now,
        updatedAt: now,
        ...overrides,
      });
      await dataSource.getRepository(AgentEntity).insert(agent);
      return agent.id;
    },
    insertAssignment: async (leadId, agentId, status) => {
      const now = new Date();
      const isOpen = OPEN_ASSIGNMENT_STATUSES.includes(status);
      const assignment = dataSource.getRepository(AssignmentEntity).create({
        id: newId(),
        leadId,
        agentId,
        decisionId: newId(),
        status,
        openLeadId: isOpen ? leadId : null,
        offeredAt: now,
        expiresAt: status === AssignmentStatus.OFFERED ? new Date(now.getTime() + 15 * 60_000) : null,
        respondedAt: status === AssignmentStatus.OFFERED ? null : now,
        closedAt: status === AssignmentStatus.CLOSED ? now : null,
        declineReason: status === AssignmentStatus.DECLINED ? 'busy' : null,
      });
      await dataSource.transaction(async (em) => {
        if (isOpen) {
          const agent = await em.findOneByOrFail(AgentEntity, { id: agentId });
          if (!(await reserveCapacity(em, agent, now))) throw new Error(`agent ${agentId} has no capacity left`);
        }
        await em.insert(AssignmentEntity, assignment);
      });
      return assignment;
    },
    assignment: (id) => dataSource.getRepository(AssignmentEntity).findOneByOrFail({ id }),
    agent: (id) => dataSource.getRepository(AgentEntity).findOneByOrFail({ id }),
    outboxEvents: (topic, aggregateId) =>
      dataSource.getRepository(OutboxEventEntity).find({ where: { topic, aggregateId }, order: { id: 'ASC' } }),
    leadStatus: async (id) => (await dataSource.getRepository(LeadEntity).findOneByOrFail({ id })).status,
    outcomeCount: async () => {
      const row = await dataSource.createQueryBuilder().select('COUNT(*)', 'count').from('outcomes', 'o').getRawOne<{
        count: string | number;
      }>();
      return Number(row?.count);
    },
    close: async () => {
      await subgraph.close();
      await database?.drop();
    },
  };
}

export const RECORD_OUTCOME = /* GraphQL */ `
  mutation RecordOutcome($input: RecordOutcomeInput!) {
    recordOutcome(input: $input) {
      id
      type
      premium
      reason
      policyNumber
      occurredAt
      recordedAt
      lead {
        id
      }
      agent {
        id
      }
    }
  }
`;

export interface RecordedOutcome {
  id: string;
  type: string;
  premium: number | null;
  reason: string | null;
  policyNumber: string | null;
  occurredAt: string;
  recordedAt: string;
  lead: { id: string };
  agent: { id: string } | null;
}
