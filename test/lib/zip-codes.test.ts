import tzLookup from '@photostructure/tz-lookup';
import { US_STATE_CODES } from '../../lib/domain/us-states';
import { CONNECTICUT_LEGACY_COUNTIES, CONNECTICUT_PLANNING_REGIONS } from '../../lib/geo/connecticut';
import { US_TIME_ZONES } from '../../lib/geo/us-time-zones';
import { isCountyOfSomeZip, lookupZip, zipsInState } from '../../lib/geo/zip-codes';

const location = (zip: string) => {
  const found = lookupZip(zip);
  if (!found) throw new Error(`test data: ${zip} is not in the ZIP data`);
  return found;
};

describe('a lead time zone', () => {
  it('is a US zone for every ZIP in the data', () => {
    const foreign: string[] = [];
    let scanned = 0;
    for (const state of US_STATE_CODES) {
      for (const zip of zipsInState(state)) {
        scanned += 1;
        const { timeZone } = location(zip);
        if (!US_TIME_ZONES.has(timeZone)) foreign.push(`${zip} ${state} ${timeZone}`);
      }
    }
    expect(scanned).toBeGreaterThan(40_000);
    expect(foreign).toEqual([]);
  });

  it('names only zones the runtime knows', () => {
    for (const zone of US_TIME_ZONES) expect(() => new Intl.DateTimeFormat('en-US', { timeZone: zone })).not.toThrow();
  });

  // [ZIP, what the coordinate lookup alone says, the zone the lead gets]
  it.each([
    ['99742', 'Asia/Anadyr', 'America/Nome'], // Gambell AK, St Lawrence Island
    ['04730', 'America/Moncton', 'America/New_York'], // Houlton ME
    ['04619', 'America/Moncton', 'America/New_York'], // Calais ME
    ['59263', 'America/Regina', 'America/Denver'], // Scobey MT
    ['59529', 'America/Swift_Current', 'America/Denver'], // Hogeland MT
    ['58711', 'America/Regina', 'America/Chicago'], // Antler ND
    ['78560', 'America/Monterrey', 'America/Chicago'], // La Joya TX
    ['78565', 'America/Monterrey', 'America/Chicago'], // Los Ebanos TX
    ['78067', 'America/Monterrey', 'America/Chicago'], // San Ygnacio TX
    // Eastport's single nearest ZIP looks up as Mountain time; Boundary County is Pacific, as Bonners Ferry is.
    ['83826', 'America/Creston', 'America/Los_Angeles'], // Eastport ID
    ['83853', 'America/Creston', 'America/Los_Angeles'], // Porthill ID
    ['98281', 'America/Vancouver', 'America/Los_Angeles'], // Point Roberts WA, whose nearest ZIP (Blaine) is foreign too
  ])('takes a US zone from its state for border ZIP %s', (zip, lookedUp, expected) => {
    const { latitude, longitude, timeZone } = location(zip);
    expect(tzLookup(latitude, longitude)).toBe(lookedUp);
    expect(timeZone).toBe(expected);
  });

  it.each([
    ['78701', 'America/Chicago'],
    ['90210', 'America/Los_Angeles'],
    ['10001', 'America/New_York'],
    ['83805', 'America/Los_Angeles'], // Bonners Ferry ID
    ['99762', 'America/Nome'], // Nome AK
  ])('keeps the looked-up zone of %s', (zip, expected) => {
    expect(location(zip).timeZone).toBe(expected);
  });

  it('does not depend on which border ZIP is asked for first', () => {
    const zonesAskedInOrder = (zips: string[]): Record<string, string | undefined> => {
      let zones: Record<string, string | undefined> = {};
      jest.isolateModules(() => {
        // A fresh module, so that no zone is cached yet.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const fresh = require('../../lib/geo/zip-codes') as typeof import('../../lib/geo/zip-codes');
        zones = Object.fromEntries(zips.map((zip) => [zip, fresh.lookupZip(zip)?.timeZone]));
      });
      return zones;
    };
    expect(zonesAskedInOrder(['98281', '98231'])).toEqual(zonesAskedInOrder(['98231', '98281']));
  });
});

describe('Connecticut counties', () => {
  const regionCodes = [...CONNECTICUT_PLANNING_REGIONS.keys()];

  it('are the planning regions for every Connecticut ZIP', () => {
    const zips = zipsInState('CT');
    expect(zips.length).toBeGreaterThan(400);
    for (const zip of zips) expect(regionCodes).toContain(location(zip).countyFips);
    expect(new Set(zips.map((zip) => location(zip).countyFips))).toEqual(new Set(regionCodes));
  });

  // The ZIPs the data codes by a retired county, and the region of the town each lies in.
  it.each([
    ['06875', '09190'], // Redding, Fairfield County → Western Connecticut
    ['06777', '09160'], // Washington, Litchfield County → Northwest Hills
    ['06794', '09160'], // Washington Depot
    ['06481', '09130'], // Middlefield, Middlesex County → Lower Connecticut River Valley
    ['06333', '09180'], // East Lyme, New London County → Southeastern Connecticut
    ['06334', '09180'], // Bozrah
    ['06066', '09110'], // Vernon, Tolland County → Capitol
    ['06268', '09110'], // Mansfield
    ['06269', '09110'],
    ['06279', '09110'], // Willington
    ['06255', '09150'], // Thompson, Windham County → Northeastern Connecticut
  ])('puts legacy-coded ZIP %s in planning region %s, named as the region ZIPs are', (zip, region) => {
    const { county, countyFips } = location(zip);
    expect(countyFips).toBe(region);
    const namesOfRegion = new Set(
      zipsInState('CT')
        .map(location)
        .filter((other) => other.countyFips === region)
        .map((other) => other.county),
    );
    expect([...namesOfRegion]).toEqual([county]);
  });

  it('are known by region code and no longer by retired county code', () => {
    for (const code of regionCodes) expect(isCountyOfSomeZip(code)).toBe(true);
    for (const code of CONNECTICUT_LEGACY_COUNTIES.keys()) expect(isCountyOfSomeZip(code)).toBe(false);
  });
});

describe('isCountyOfSomeZip', () => {
  it('knows the county of a ZIP and not a code no ZIP lies in', () => {
    expect(isCountyOfSomeZip(location('78701').countyFips)).toBe(true);
    expect(isCountyOfSomeZip('48999')).toBe(false);
  });
});
