import { Kind, parse, print, type ObjectTypeDefinitionNode } from 'graphql';
import { dataOf } from '../../support/graphql-client';
import { adminToken, partnerToken } from '../../support/tokens';
import { ENGINES, leadInput, startLeads, SUBMIT_LEAD, type LeadsUnderTest, type LeadView } from './harness';

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Lead { id state timezone status duplicateOf { id } contact { lastName } }
  }
}`;

type ResolvedLead = Pick<LeadView, 'id' | 'state' | 'timezone' | 'status' | 'duplicateOf' | 'contact'>;

describe.each(ENGINES)('Lead as a federated entity on %s', (engine) => {
  let leads: LeadsUnderTest;

  beforeAll(async () => {
    leads = await startLeads(engine);
  });
  afterAll(async () => {
    await leads.stop();
  });

  const submitAll = async (inputs: Array<Record<string, unknown>>, partnerId: string): Promise<LeadView[]> => {
    const submitted: LeadView[] = [];
    for (let start = 0; start < inputs.length; start += 10) {
      const batch = inputs.slice(start, start + 10).map(async (input) => {
        const response = await leads.request<{ submitLead: LeadView }>(SUBMIT_LEAD, { input }, partnerToken(partnerId));
        return dataOf(response).submitLead;
      });
      submitted.push(...(await Promise.all(batch)));
    }
    return submitted;
  };

  it('resolves 100 references, and the originals of their duplicates, in at most 2 SQL statements', async () => {
    const originals = await submitAll(
      Array.from({ length: 10 }, (_, index) => leadInput({ phone: `+1512301${String(index).padStart(4, '0')}` })),
      'partner-a',
    );
    const referenced = await submitAll(
      Array.from({ length: 100 }, (_, index) =>
        leadInput(
          index < 10 ? { phone: originals[index].contact!.phone, postalCode: '10001' } : { postalCode: '10001' },
        ),
      ),
      'partner-b',
    );

    leads.statements.reset();
    const { _entities } = dataOf(
      await leads.request<{ _entities: ResolvedLead[] }>(
        ENTITIES,
        { representations: referenced.map((lead) => ({ __typename: 'Lead', id: lead.id })) },
        adminToken(),
      ),
    );
    expect(leads.statements.count).toBeGreaterThan(0);
    expect(leads.statements.count).toBeLessThanOrEqual(2);

    expect(_entities.map((lead) => lead.id)).toEqual(referenced.map((lead) => lead.id));
    expect(_entities.every((lead) => lead.state === 'NY' && lead.timezone === 'America/New_York')).toBe(true);
    expect(_entities.every((lead) => lead.contact?.lastName === 'Lovelace')).toBe(true);
    expect(_entities.slice(0, 10).map((lead) => lead.duplicateOf?.id)).toEqual(originals.map((lead) => lead.id));
    // Routed on submission; with no agent in the database, queued.
    expect(_entities.slice(10).every((lead) => lead.status === 'QUEUED' && lead.duplicateOf === null)).toBe(true);
  });

  it('resolves a reference to a lead that does not exist as null', async () => {
    const { _entities } = dataOf(
      await leads.request<{ _entities: Array<ResolvedLead | null> }>(
        ENTITIES,
        { representations: [{ __typename: 'Lead', id: '01900000-0000-7000-8000-000000000000' }] },
        adminToken(),
      ),
    );
    expect(_entities).toEqual([null]);
  });

  it('publishes Lead as an entity keyed by id, without the fields other subgraphs contribute', async () => {
    const { _service } = dataOf(
      await leads.request<{ _service: { sdl: string } }>('{ _service { sdl } }', {}, adminToken()),
    );
    const lead = parse(_service.sdl).definitions.find(
      (definition): definition is ObjectTypeDefinitionNode =>
        definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === 'Lead',
    )!;
    expect(lead.directives?.map((directive) => print(directive))).toEqual(['@key(fields: "id")']);
    const fields = Object.fromEntries(lead.fields?.map((field) => [field.name.value, print(field.type)]) ?? []);
    // The contract's Lead fields this subgraph owns, with the contract's types.
    expect(fields).toMatchObject({
      id: 'ID!',
      partnerId: 'ID!',
      externalId: 'String!',
      productLine: 'ProductLine!',
      postalCode: 'String!',
      state: 'String!',
      estimatedPremium: 'Float',
      carrier: 'String',
      status: 'LeadStatus!',
      duplicateOf: 'Lead',
      contact: 'LeadContact',
      createdAt: 'DateTime!',
      // Routing lives in this subgraph.
      currentAssignment: 'Assignment',
      assignments: '[Assignment!]!',
      decisions: '[RoutingDecision!]!',
    });
    expect(fields).not.toHaveProperty('outcomes');
  });
});
