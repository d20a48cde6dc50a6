import { migrateSubgraph } from '../../../lib/db/migrate';
import { agentsSubgraph } from '../../../subgraphs/agents';
import { leadsSubgraph } from '../../../subgraphs/leads';
import { LeadEntity } from '../../../subgraphs/leads/lead/lead.entity';
import { outcomesSubgraph } from '../../../subgraphs/outcomes';
import { territoriesSubgraph } from '../../../subgraphs/territories';
import { createTestDatabase } from '../../support/mysql';
import { tempSqliteUrl } from '../../support/sqlite';
import { startTestSubgraph, type TestSubgraph } from '../../support/subgraph';

/** Every behaviour of the leads subgraph is checked on both engines it runs on. */
export const ENGINES = ['SQLite', 'MariaDB'] as const;
export type Engine = (typeof ENGINES)[number];

export interface LeadsUnderTest extends TestSubgraph {
  /** Rows in `leads`, read straight from the database. */
  countLeads(where?: Partial<Pick<LeadEntity, 'partnerId' | 'externalId'>>): Promise<number>;
  /** Closes the subgraph and drops its database. */
  stop(): Promise<void>;
}

/**
 * The leads subgraph over a fresh database. Submitting a lead routes it, which
 * reads the agents', territories' and outcomes' tables: their subgraphs migrate
 * the same database first, as in production. With no agents there, every new
 * lead is QUEUED.
 */
export async function startLeads(engine: Engine): Promise<LeadsUnderTest> {
  const database = engine === 'MariaDB' ? await createTestDatabase() : tempSqliteUrl();
  const { url } = database;
  for (const module of [agentsSubgraph, territoriesSubgraph, outcomesSubgraph]) await migrateSubgraph(module, url);
  const subgraph = await startTestSubgraph(leadsSubgraph, { databaseUrl: url });
  return {
    ...subgraph,
    countLeads: (where = {}) => subgraph.dataSource.getRepository(LeadEntity).countBy(where),
    stop: async () => {
      await subgraph.close();
      if ('drop' in database) await database.drop();
      else database.remove();
    },
  };
}

let sequence = 0;

/** A unique, valid submission (own external id, phone and email) with `overrides` applied. */
export function leadInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  const n = String(sequence).padStart(4, '0');
  return {
    externalId: `ext-${n}`,
    productLine: 'PERSONAL_AUTO',
    postalCode: '78701',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `ada.${n}@mail.example`,
    phone: `+1512201${n}`,
    estimatedPremium: 1200,
    ...overrides,
  };
}

export const LEAD_FIELDS = `
  id partnerId externalId productLine customerType postalCode state county city timezone
  estimatedPremium carrier status consentAt createdAt
  duplicateOf { id }
  contact { firstName lastName email phone }
`;

export const SUBMIT_LEAD = `mutation Submit($input: SubmitLeadInput!) { submitLead(input: $input) { ${LEAD_FIELDS} } }`;

export interface LeadView {
  id: string;
  partnerId: string;
  externalId: string;
  productLine: string;
  customerType: string;
  postalCode: string;
  state: string;
  county: string;
  city: string;
  timezone: string;
  estimatedPremium: number | null;
  carrier: string | null;
  status: string;
  consentAt: string | null;
  createdAt: string;
  duplicateOf: { id: string } | null;
  contact: { firstName: string; lastName: string; email: string | null; phone: string | null } | null;
}
