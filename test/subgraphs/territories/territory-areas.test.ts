import { BadUserInputError } from '../../../lib/errors';
import { CONNECTICUT_PLANNING_REGIONS } from '../../../lib/geo/connecticut';
import { lookupZip } from '../../../lib/geo/zip-codes';
import { AreaKind } from '../../../subgraphs/territories/territory/territory-area.entity';
import { areasContaining, validateNewTerritory } from '../../../subgraphs/territories/territory/territory-areas';
import type { NewTerritory } from '../../../subgraphs/territories/territory/territory.inputs';

const refusal = (areas: Omit<NewTerritory, 'name'>): BadUserInputError => {
  try {
    validateNewTerritory({ name: 'Test', ...areas });
  } catch (error) {
    if (error instanceof BadUserInputError) return error;
    throw error;
  }
  throw new Error('the territory was accepted');
};

describe('territory counties in Connecticut', () => {
  it.each([
    ['09001', 'Fairfield'],
    ['09003', 'Hartford'],
    ['09015', 'Windham'],
  ])('refuses retired county code %s, listing the planning regions', (code, name) => {
    const error = refusal({ counties: ['09110', code] });
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe('input.counties[1]');
    expect(error.message).toContain(`"${code}" is the retired FIPS code of ${name} County`);
    expect(error.message).toContain('planning regions instead of counties since 2022');
    for (const [regionCode, regionName] of CONNECTICUT_PLANNING_REGIONS) {
      expect(error.message).toContain(`${regionCode} ${regionName}`);
    }
  });

  it('accepts every planning region', () => {
    const counties = [...CONNECTICUT_PLANNING_REGIONS.keys()];
    expect(validateNewTerritory({ name: 'Connecticut', counties }).areas).toEqual(
      counties.map((value) => ({ kind: AreaKind.COUNTY, value })),
    );
  });

  it('matches a ZIP the data codes by retired county to its planning region', () => {
    // Redding: Fairfield County in the data, Western Connecticut since 2022.
    const redding = lookupZip('06875');
    expect(redding).toBeDefined();
    expect(areasContaining(redding!)).toContainEqual({ kind: AreaKind.COUNTY, value: '09190' });
  });

  it('still refuses a county code no ZIP lies in, as not a county', () => {
    expect(refusal({ counties: ['09002'] }).message).toBe(
      'input.counties[0]: "09002" is not the FIPS code of a US county',
    );
  });
});

describe('territory ZIP codes of territories without ZIP data', () => {
  it('says Leadflow has no data for Puerto Rico, not that the ZIP is wrong', () => {
    const error = refusal({ postalCodes: ['78701', '00601'] });
    expect(error.field).toBe('input.postalCodes[1]');
    expect(error.message).toBe(
      'input.postalCodes[1]: Leadflow has no ZIP data for Puerto Rico (PR) yet, so no ZIP code there can be accepted',
    );
  });

  it('still calls an unknown ZIP elsewhere not a US ZIP code', () => {
    expect(refusal({ postalCodes: ['99999'] }).message).toBe('input.postalCodes[0]: "99999" is not a US ZIP code');
  });
});
