import { randomBytes } from 'node:crypto';
import { dataOf, type GraphQLRequester } from '../support/graphql-client';
import { adminToken, partnerToken } from '../support/tokens';

/** Agents licensed and ONLINE in Texas, members of one statewide territory, created through the graph. */
export async function createTexasMarket(request: GraphQLRequester, agents: number): Promise<string[]> {
  const tag = randomBytes(4).toString('hex');
  const { createTerritory } = dataOf(
    await request<{ createTerritory: { id: string } }>(
      'mutation ($input: CreateTerritoryInput!) { createTerritory(input: $input) { id } }',
      { input: { name: `Texas ${tag}`, states: ['TX'] } },
      adminToken(),
    ),
  );
  const ids: string[] = [];
  for (let index = 0; index < agents; index += 1) {
    const { createAgent } = dataOf(
      await request<{ createAgent: { id: string } }>(
        'mutation ($input: CreateAgentInput!) { createAgent(input: $input) { id } }',
        {
          input: {
            name: `Agent ${index} ${tag}`,
            email: `agent-${index}-${tag}@agency.example`,
            tier: 'SENIOR',
            timezone: 'America/Chicago',
            status: 'ONLINE',
            licenses: ['PROPERTY', 'CASUALTY'].map((line) => ({ state: 'TX', line, expiresOn: '2099-12-31' })),
            maxOpen: 50,
            dailyCap: 500,
          },
        },
        adminToken(),
      ),
    );
    dataOf(
      await request(
        'mutation ($t: ID!, $a: ID!) { assignTerritory(territoryId: $t, agentId: $a) { id } }',
        { t: createTerritory.id, a: createAgent.id },
        adminToken(),
      ),
    );
    ids.push(createAgent.id);
  }
  return ids;
}

export const SUBMIT_LEAD = 'mutation ($input: SubmitLeadInput!) { submitLead(input: $input) { id status } }';

/** Submits an auto lead in Austin as partner `acme`; resolves to its id and status. */
export async function submitTexasLead(
  request: GraphQLRequester,
  externalId: string,
): Promise<{ id: string; status: string }> {
  return dataOf(
    await request<{ submitLead: { id: string; status: string } }>(
      SUBMIT_LEAD,
      {
        input: {
          externalId,
          productLine: 'PERSONAL_AUTO',
          postalCode: '78701',
          firstName: 'Ana',
          lastName: 'Diaz',
          phone: `(512) 555-${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`,
          estimatedPremium: 1800,
        },
      },
      partnerToken('acme'),
    ),
  ).submitLead;
}

/** The subscription of the issue: fields from the leads, agents, territories and outcomes subgraphs. */
export const OFFERS = `subscription ($agentId: ID!) {
  assignmentOffered(agentId: $agentId) {
    id
    status
    expiresAt
    lead { id productLine state estimatedPremium contact { phone } }
    agent { id name territories { name } performance { bindRate } }
  }
}`;

export interface OfferEvent {
  assignmentOffered: {
    id: string;
    status: string;
    expiresAt: string;
    lead: {
      id: string;
      productLine: string;
      state: string;
      estimatedPremium: number;
      contact: { phone: string | null } | null;
    };
    agent: { id: string; name: string; territories: Array<{ name: string }>; performance: { bindRate: number } };
  };
}
