import { LineOfAuthority, TerritoryRole } from '../../../lib/domain/enums';
import { AgentEntity } from '../../../subgraphs/agents';
import { DEFAULT_RULE_SET } from '../../../subgraphs/leads/rule-set/default-rule-set';
import { TerritoryMemberEntity } from '../../../subgraphs/territories/membership/territory-member.entity';
import { dataOf } from '../../support/graphql-client';
import { adminToken, managerToken } from '../../support/tokens';
import { ENGINES, startRoutingBed, VALID_UNTIL, type RoutingBed } from './routing-bed';

const PUBLISH_RULE_SET = 'mutation ($input: RuleSetInput!) { publishRuleSet(input: $input) { version } }';
const PREVIEW = `mutation ($leadId: ID!) { previewRouting(leadId: $leadId) {
  queuedReason chosenAgent { id } candidates { agent { id } eligible excludedBy components } } }`;

interface Preview {
  queuedReason: string | null;
  chosenAgent: { id: string } | null;
  candidates: Array<{
    agent: { id: string };
    eligible: boolean;
    excludedBy: string | null;
    components: Record<string, unknown>;
  }>;
}

const PORTLAND = { postalCode: '97201', state: 'OR', county: 'Multnomah', city: 'Portland' };
const LICENSES = [{ state: 'OR', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }];

describe.each(ENGINES)('an agent in several territories of a lead, under the rule’s fallback, on %s', (engine) => {
  let bed: RoutingBed;
  /** PRIMARY in the city, and full. */
  let primary: string;
  /** BACKUP in the city, OVERFLOW statewide. */
  let both: string;

  const publishFallback = async (fallback: TerritoryRole[]): Promise<void> => {
    const rules = { ...DEFAULT_RULE_SET, defaults: { ...DEFAULT_RULE_SET.defaults, fallback } };
    dataOf(await bed.leads.request(PUBLISH_RULE_SET, { input: { rules } }, adminToken()));
  };
  const preview = async (): Promise<Preview> => {
    const lead = await bed.insertLead(PORTLAND);
    return dataOf(await bed.leads.request<{ previewRouting: Preview }>(PREVIEW, { leadId: lead.id }, managerToken()))
      .previewRouting;
  };
  const candidate = (outcome: Preview, agentId: string) =>
    outcome.candidates.find((entry) => entry.agent.id === agentId);

  beforeEach(async () => {
    bed = await startRoutingBed(engine);
    const city = await bed.insertTerritory({ postalCodes: [PORTLAND.postalCode] });
    const statewide = await bed.insertTerritory({ states: ['OR'] });
    [primary] = await bed.insertAgents(1, { territoryId: city, licenses: LICENSES, maxOpen: 1 });
    await bed.leads.dataSource.getRepository(AgentEntity).update({ id: primary }, { openCount: 1 });
    [both] = await bed.insertAgents(1, { territoryId: city, role: TerritoryRole.BACKUP, licenses: LICENSES });
    const now = new Date();
    await bed.leads.dataSource.getRepository(TerritoryMemberEntity).insert({
      territoryId: statewide,
      agentId: both,
      role: TerritoryRole.OVERFLOW,
      weight: 1,
      createdAt: now,
      updatedAt: now,
    });
  });
  afterEach(async () => {
    await bed?.close();
  });

  it('reaches the agent through its OVERFLOW membership when the rule falls back to OVERFLOW only', async () => {
    await publishFallback([TerritoryRole.OVERFLOW]);

    const outcome = await preview();

    expect(outcome.queuedReason).toBeNull();
    expect(outcome.chosenAgent).toEqual({ id: both });
    expect(candidate(outcome, both)).toMatchObject({ eligible: true, components: { role: 'OVERFLOW' } });
    expect(candidate(outcome, primary)).toMatchObject({ eligible: false, excludedBy: 'AT_MAX_OPEN' });
  });

  it('ranks the agent in the rule’s first fallback tier beside the other OVERFLOW members', async () => {
    const statewideOnly = await bed.insertTerritory({ states: ['OR'] });
    const [overflow] = await bed.insertAgents(1, {
      territoryId: statewideOnly,
      role: TerritoryRole.OVERFLOW,
      licenses: LICENSES,
    });
    await publishFallback([TerritoryRole.OVERFLOW, TerritoryRole.BACKUP]);

    const outcome = await preview();

    expect(candidate(outcome, both)).toMatchObject({ eligible: true, components: { role: 'OVERFLOW' } });
    expect(candidate(outcome, overflow)).toMatchObject({ eligible: true, components: { role: 'OVERFLOW' } });
  });

  it('keeps the better role by the default order, PRIMARY before BACKUP before OVERFLOW', async () => {
    const outcome = await preview();

    expect(outcome.chosenAgent).toEqual({ id: both });
    expect(candidate(outcome, both)).toMatchObject({ eligible: true, components: { role: 'BACKUP' } });
  });
});
