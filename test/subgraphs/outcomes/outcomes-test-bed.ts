import { Table, type DataSource } from 'typeorm';
import { CustomerType, LeadStatus, ProductLine } from '../../../lib/domain/enums';
import { newId } from '../../../lib/domain/ids';
import { LeadEntity } from '../../../subgraphs/leads/lead/lead.entity';
import { outcomesSubgraph } from '../../../subgraphs/outcomes';
import { createTestDatabase } from '../../support/mysql';
import { startTestSubgraph, type TestSubgraph } from '../../support/subgraph';

export type Engine = 'sqlite' | 'mariadb';
export const ENGINES: readonly Engine[] = ['sqlite', 'mariadb'];

export interface OutcomesTestBed extends TestSubgraph {
  /** A lead row as the leads subgraph would have written it. */
  insertLead(overrides?: Partial<LeadEntity>): Promise<LeadEntity>;
  /** An agent id present in the borrowed `agents` table. */
  insertAgent(): Promise<string>;
  leadStatus(id: string): Promise<LeadStatus>;
  outcomeCount(): Promise<number>;
}

/**
 * The tables this subgraph reads but does not own, created the way their owners
 * would: `leads` from LeadEntity's own metadata (so it follows the entity), and
 * the one column of `agents` this subgraph looks at.
 */
async function createBorrowedTables(dataSource: DataSource): Promise<void> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.createTable(Table.create(dataSource.getMetadata(LeadEntity), dataSource.driver), true);
    await queryRunner.createTable(
      new Table({ name: 'agents', columns: [{ name: 'id', type: 'char', length: '36', isPrimary: true }] }),
      true,
    );
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
    insertAgent: async () => {
      const id = newId();
      await dataSource.createQueryBuilder().insert().into('agents', ['id']).values({ id }).execute();
      return id;
    },
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
