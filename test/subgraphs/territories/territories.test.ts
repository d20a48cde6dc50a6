import { lookupZip } from '../../../lib/geo/zip-codes';
import { dataOf, errorCode } from '../../support/graphql-client';
import { adminToken, agentToken, managerToken, partnerToken } from '../../support/tokens';
import {
  CREATE_TERRITORY,
  ENGINES,
  TERRITORIES_FOR,
  errorField,
  startTerritories,
  type CreatedTerritory,
  type TerritoriesUnderTest,
} from './harness';

const countyOf = (zip: string): string => {
  const location = lookupZip(zip);
  if (!location?.countyFips) throw new Error(`test data: ${zip} has no county`);
  return location.countyFips;
};

describe.each(ENGINES)('territories on %s', (engine) => {
  let subgraph: TerritoriesUnderTest;

  beforeAll(async () => {
    subgraph = await startTerritories(engine);
  });

  afterAll(async () => {
    await subgraph?.close();
  });

  const create = (input: Record<string, unknown>, token = adminToken()) =>
    subgraph.request<{ createTerritory: CreatedTerritory }>(CREATE_TERRITORY, { input }, token);
  const namesFor = async (postalCode: string, token = adminToken()): Promise<string[]> =>
    dataOf(
      await subgraph.request<{ territoriesFor: Array<{ name: string }> }>(TERRITORIES_FOR, { postalCode }, token),
    ).territoriesFor.map((territory) => territory.name);

  describe('validation writes nothing and names the field', () => {
    it.each([
      ['an empty name', { name: '   ', states: ['TX'] }, 'input.name'],
      ['an over-long name', { name: 'x'.repeat(101), states: ['TX'] }, 'input.name'],
      ['an unknown state', { name: 'Bad state', states: ['TX', 'XX'] }, 'input.states[1]'],
      [
        'a ZIP that does not exist',
        { name: 'Bad ZIP', states: ['TX'], postalCodes: ['78701', '00000'] },
        'input.postalCodes[1]',
      ],
      ['a malformed ZIP', { name: 'Short ZIP', postalCodes: ['7870'] }, 'input.postalCodes[0]'],
      [
        'a 5-digit ZIP prefix',
        { name: 'Long prefix', states: ['TX'], zipPrefixes: ['787', '78701'] },
        'input.zipPrefixes[1]',
      ],
      ['a non-numeric ZIP prefix', { name: 'Letter prefix', zipPrefixes: ['7a'] }, 'input.zipPrefixes[0]'],
      ['a 4-digit county', { name: 'Short county', states: ['TX'], counties: ['4845'] }, 'input.counties[0]'],
      [
        'a county FIPS no ZIP belongs to',
        { name: 'No county', states: ['TX'], counties: ['48999'] },
        'input.counties[0]',
      ],
      ['no area at all', { name: 'Empty', states: [], postalCodes: [] }, 'input'],
    ])('rejects %s', async (_case, input, field) => {
      const before = await subgraph.rowCounts();
      const response = await create(input);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(errorField(response)).toBe(field);
      expect(await subgraph.rowCounts()).toEqual(before);
    });

    it('left no territory behind', async () => {
      const response = await subgraph.request<{ territories: unknown[] }>('{ territories { id } }', {}, adminToken());
      expect(dataOf(response).territories).toEqual([]);
      expect(await subgraph.rowCounts()).toEqual({ territories: 0, territory_areas: 0, territory_members: 0 });
    });
  });

  describe('finding territories by ZIP', () => {
    const travis = countyOf('78701');
    const newYorkCounty = countyOf('10001');

    beforeAll(async () => {
      const inputs = [
        { name: 'Texas', states: ['tx'] },
        { name: 'Austin downtown', postalCodes: ['78701-1234', '78701'] },
        { name: 'Central Texas prefix', zipPrefixes: ['787'] },
        { name: 'Travis County', counties: [travis] },
        { name: 'California', states: ['CA'], zipPrefixes: ['902'] },
        { name: 'Manhattan', counties: [newYorkCounty] },
        { name: 'Northeast prefix', zipPrefixes: ['1'] },
      ];
      for (const input of inputs) dataOf(await create(input));
    });

    it('stores normalized areas and returns them', async () => {
      const response = await subgraph.request<{ territories: CreatedTerritory[] }>(
        '{ territories { name states postalCodes zipPrefixes counties members { role } } }',
        {},
        managerToken(),
      );
      const byName = new Map(dataOf(response).territories.map((territory) => [territory.name, territory]));
      expect([...byName.keys()]).toEqual([
        'Austin downtown',
        'California',
        'Central Texas prefix',
        'Manhattan',
        'Northeast prefix',
        'Texas',
        'Travis County',
      ]);
      expect(byName.get('Texas')).toEqual({
        name: 'Texas',
        states: ['TX'],
        postalCodes: [],
        zipPrefixes: [],
        counties: [],
        members: [],
      });
      expect(byName.get('Austin downtown')?.postalCodes).toEqual(['78701']);
      expect(byName.get('California')).toMatchObject({ states: ['CA'], zipPrefixes: ['902'] });
      expect(byName.get('Travis County')?.counties).toEqual([travis]);
    });

    it('finds every territory containing a ZIP by state, ZIP, prefix or county', async () => {
      expect(lookupZip('78701')).toMatchObject({ state: 'TX', city: 'Austin', countyFips: '48453' });
      expect(await namesFor('78701')).toEqual(['Austin downtown', 'Central Texas prefix', 'Texas', 'Travis County']);
      expect(await namesFor('78701-0001')).toEqual([
        'Austin downtown',
        'Central Texas prefix',
        'Texas',
        'Travis County',
      ]);
    });

    it('does not match a neighbouring ZIP by the other ZIP', async () => {
      // 78702 is east Austin: same state, prefix and county, but not the downtown ZIP.
      expect(lookupZip('78702')?.countyFips).toBe(travis);
      expect(await namesFor('78702')).toEqual(['Central Texas prefix', 'Texas', 'Travis County']);
      // 75201 is Dallas: only the state matches.
      expect(await namesFor('75201')).toEqual(['Texas']);
    });

    it('matches California and New York ZIPs', async () => {
      expect(lookupZip('90210')).toMatchObject({ state: 'CA', countyFips: '06037' });
      expect(await namesFor('90210')).toEqual(['California']);
      expect(lookupZip('10001')).toMatchObject({ state: 'NY', countyFips: newYorkCounty });
      expect(await namesFor('10001')).toEqual(['Manhattan', 'Northeast prefix']);
      // Brooklyn: NY prefix "1" but Kings County, not New York County.
      expect(countyOf('11201')).not.toBe(newYorkCounty);
      expect(await namesFor('11201')).toEqual(['Northeast prefix']);
    });

    it('returns no territory for a ZIP outside all of them', async () => {
      expect(lookupZip('59001')?.state).toBe('MT');
      expect(await namesFor('59001')).toEqual([]);
    });

    it.each(['00000', '7870', 'abcde', ''])('rejects the postal code "%s" naming postalCode', async (postalCode) => {
      const response = await subgraph.request(TERRITORIES_FOR, { postalCode }, adminToken());
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(errorField(response)).toBe('postalCode');
    });

    it('refuses a second territory with the same name, whatever its case', async () => {
      const before = await subgraph.rowCounts();
      const response = await create({ name: 'texas', states: ['OK'] });
      expect(errorCode(response)).toBe('CONFLICT');
      expect(await subgraph.rowCounts()).toEqual(before);
    });

    it('reads one territory by id, and null for an unknown id, as agent(id:) and lead(id:) answer', async () => {
      const created = dataOf(await create({ name: 'Oklahoma', states: ['OK'] })).createTerritory;
      const read = await subgraph.request<{ territory: { name: string; states: string[] } }>(
        'query One($id: ID!) { territory(id: $id) { name states } }',
        { id: created.id },
        agentToken('agent-1'),
      );
      expect(dataOf(read).territory).toEqual({ name: 'Oklahoma', states: ['OK'] });
      for (const id of ['0190a0d4-0000-7000-8000-000000000000', 'not-an-id']) {
        const missing = await subgraph.request<{ territory: null }>(
          'query One($id: ID!) { territory(id: $id) { name } }',
          { id },
          adminToken(),
        );
        expect(dataOf(missing).territory).toBeNull();
      }
    });
  });

  describe('who may do what', () => {
    it('lets ADMIN and MANAGER create territories, not AGENT or PARTNER', async () => {
      expect(
        dataOf(await create({ name: 'Made by a manager', states: ['WA'] }, managerToken())).createTerritory.name,
      ).toBe('Made by a manager');
      const before = await subgraph.rowCounts();
      for (const token of [agentToken('agent-1'), partnerToken('partner-1')]) {
        expect(errorCode(await create({ name: 'Not allowed', states: ['OR'] }, token))).toBe('FORBIDDEN');
      }
      expect(await subgraph.rowCounts()).toEqual(before);
    });

    it('lets staff and agents read territories, not partners', async () => {
      for (const token of [adminToken(), managerToken(), agentToken('agent-1')]) {
        expect(
          dataOf(await subgraph.request<{ territories: unknown[] }>('{ territories { name } }', {}, token)).territories
            .length,
        ).toBeGreaterThan(0);
        expect(await namesFor('98101', token)).toEqual(['Made by a manager']);
      }
      const partner = partnerToken('partner-1');
      expect(errorCode(await subgraph.request('{ territories { name } }', {}, partner))).toBe('FORBIDDEN');
      expect(errorCode(await subgraph.request(TERRITORIES_FOR, { postalCode: '78701' }, partner))).toBe('FORBIDDEN');
    });
  });
});
