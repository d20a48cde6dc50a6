import { lookupZip, zipsInState } from '../../../lib/geo/zip-codes';
import { AreaKind } from '../../../subgraphs/territories/territory/territory-area.entity';
import { areasContaining, type Area } from '../../../subgraphs/territories/territory/territory-areas';
import { territoriesOfAgents, whereInTerritories } from '../../../subgraphs/territories/territory/agent-territories';
import { dataOf } from '../../support/graphql-client';
import { adminToken } from '../../support/tokens';
import {
  ASSIGN_TERRITORY,
  CREATE_TERRITORY,
  ENGINES,
  startTerritories,
  type CreatedTerritory,
  type TerritoriesUnderTest,
} from './harness';

interface TerritoryInput {
  states?: string[];
  postalCodes?: string[];
  zipPrefixes?: string[];
  counties?: string[];
}

const areasOf = (input: TerritoryInput): Area[] => [
  ...(input.states ?? []).map((value) => ({ kind: AreaKind.STATE, value })),
  ...(input.postalCodes ?? []).map((value) => ({ kind: AreaKind.ZIP, value })),
  ...(input.zipPrefixes ?? []).map((value) => ({ kind: AreaKind.ZIP_PREFIX, value })),
  ...(input.counties ?? []).map((value) => ({ kind: AreaKind.COUNTY, value })),
];

const countyOf = (zip: string): string => lookupZip(zip)!.countyFips;

/** Every county of these states, as the ZIP data has them. */
const countiesOf = (states: string[]): string[] => [
  ...new Set(states.flatMap((state) => zipsInState(state).map(countyOf)).filter((fips) => fips !== '')),
];

/** ZIPs in and around the territories below: every kind of area, both sides of each edge. */
const PLACES = [
  '78701', // Austin, Travis County
  '78613', // Cedar Park, Williamson County: same prefix 786, not Travis
  '75201', // Dallas, prefix 752
  '75001', // Addison, prefix 750
  '73102', // Oklahoma City, the listed ZIP
  '73103', // its neighbour
  '89501', // Reno: Nevada, a whole state
  '90210', // prefix 9
  '10001', // prefix 100
  '10301', // prefix 103: not 100
  '60614', // prefix 6061
  '60601', // prefix 6060: not 6061
  '06103', // Hartford: a Connecticut planning region
  '06510', // New Haven: another region
  '02108', // Boston: nothing
  '94105', // San Francisco: prefix 9, and California's counties
];

/**
 * whereInTerritories must keep exactly the rows that routing, through
 * areasContaining, would find in the agents' territories. A table of places
 * stands in for leads (the territories subgraph runs alone here).
 */
describe.each(ENGINES)('rows located in the territories of some agents, on %s', (engine) => {
  let subgraph: TerritoriesUnderTest;
  const areasByAgent = new Map<string, Area[]>();

  const createTerritory = async (name: string, input: TerritoryInput, members: string[]): Promise<void> => {
    const { id } = dataOf(
      await subgraph.request<{ createTerritory: CreatedTerritory }>(
        CREATE_TERRITORY,
        { input: { name, ...input } },
        adminToken(),
      ),
    ).createTerritory;
    for (const agentId of members) {
      dataOf(await subgraph.request(ASSIGN_TERRITORY, { territoryId: id, agentId }, adminToken()));
      areasByAgent.set(agentId, [...(areasByAgent.get(agentId) ?? []), ...areasOf(input)]);
    }
  };

  /** The places whose ZIP lies in a territory of these agents, by the database. */
  const placesFound = async (agentIds: string[]): Promise<string[] | null> => {
    const territories = await territoriesOfAgents(subgraph.dataSource.manager, agentIds);
    if (!territories) return null;
    const query = subgraph.dataSource
      .createQueryBuilder()
      .select('place.postal_code', 'zip')
      .from('places', 'place')
      .orderBy('place.postal_code');
    whereInTerritories(query, territories, { postalCode: 'place.postal_code', state: 'place.state' });
    return (await query.getRawMany<{ zip: string }>()).map((row) => row.zip);
  };

  /** The places whose ZIP lies in a territory of these agents, by areasContaining. */
  const placesExpected = (agentIds: string[]): string[] => {
    const areas = new Set(agentIds.flatMap((id) => areasByAgent.get(id) ?? []).map((a) => `${a.kind}:${a.value}`));
    return PLACES.filter((zip) =>
      areasContaining(lookupZip(zip)!).some((area) => areas.has(`${area.kind}:${area.value}`)),
    ).sort();
  };

  let alice: string;
  let bob: string;
  let carol: string;
  let dave: string;

  beforeAll(async () => {
    subgraph = await startTerritories(engine);
    await subgraph.dataSource.query('CREATE TABLE places (postal_code varchar(5) NOT NULL, state varchar(2) NOT NULL)');
    for (const zip of PLACES) {
      await subgraph.dataSource.query('INSERT INTO places (postal_code, state) VALUES (?, ?)', [
        zip,
        lookupZip(zip)!.state,
      ]);
    }
    [alice, bob, carol, dave] = await Promise.all([1, 2, 3, 4].map(() => subgraph.createAgent()));
    await createTerritory('Travis County', { counties: [countyOf('78701')] }, [alice]);
    await createTerritory('Dallas', { zipPrefixes: ['752'] }, [alice]);
    await createTerritory('Downtown OKC', { postalCodes: ['73102'] }, [alice]);
    await createTerritory('Nevada', { states: ['NV'] }, [alice]);
    await createTerritory('Prefixes', { zipPrefixes: ['9', '100', '6061'] }, [alice]);
    await createTerritory('Capitol Region', { counties: [countyOf('06103')] }, [alice]);
    await createTerritory('Texas', { states: ['TX'] }, [bob]);
    // More county ZIPs than a statement lists.
    await createTerritory('Big counties', { counties: countiesOf(['TX', 'CA', 'NY']) }, [dave]);
  });

  afterAll(async () => {
    await subgraph?.close();
  });

  it('keeps the rows in a state, ZIP, ZIP prefix or county of the territories, as areasContaining matches them', async () => {
    const found = await placesFound([alice]);
    expect(found).toEqual(placesExpected([alice]));
    expect(found).toEqual(
      expect.arrayContaining(['78701', '75201', '73102', '89501', '90210', '10001', '60614', '06103']),
    );
    expect(found).not.toEqual(expect.arrayContaining(['78613']));
  });

  it("keeps only the rows in the given agents' territories", async () => {
    expect(await placesFound([bob])).toEqual(placesExpected([bob]));
    expect(await placesFound([alice, bob])).toEqual(placesExpected([alice, bob]));
  });

  it('matches counties whose ZIPs are too many to list', async () => {
    const territories = await territoriesOfAgents(subgraph.dataSource.manager, [dave]);
    expect(territories?.counties).toEqual({ states: expect.arrayContaining(['TX', 'CA', 'NY']) });
    expect(await placesFound([dave])).toEqual(placesExpected([dave]));
  });

  it('answers null for agents in no territory', async () => {
    expect(await placesFound([carol])).toBeNull();
    expect(await placesFound([])).toBeNull();
  });
});
