import { US_STATE_CODES } from '../../../lib/domain/us-states';
import { lookupZip, zipsInState } from '../../../lib/geo/zip-codes';

/**
 * A county area contains the ZIPs lookupZip places in it (areasContaining),
 * and a row that stores a ZIP but not its county's FIPS code is matched
 * through them. Counties are filled in a state at a time, on first use: a
 * county's ZIPs all lie in its state, and lookupZip, which works out each
 * ZIP's time zone the first time, then runs on that state's ZIPs only.
 */
const zipsByCounty = new Map<string, readonly string[]>();
const indexedStates = new Set<string>();
let stateByFipsPrefix: ReadonlyMap<string, string> | undefined;

/** A county FIPS code starts with its state's; the state's ZIPs say which state that is. */
function stateOfCounty(countyFips: string): string | undefined {
  if (!stateByFipsPrefix) {
    const states = new Map<string, string>();
    for (const state of US_STATE_CODES) {
      for (const zip of zipsInState(state)) {
        const fips = lookupZip(zip)?.countyFips;
        if (!fips) continue;
        states.set(fips.slice(0, 2), state);
        break;
      }
    }
    stateByFipsPrefix = states;
  }
  return stateByFipsPrefix.get(countyFips.slice(0, 2));
}

function indexState(state: string): void {
  if (indexedStates.has(state)) return;
  const byCounty = new Map<string, string[]>();
  for (const zip of zipsInState(state)) {
    const fips = lookupZip(zip)?.countyFips;
    if (fips) byCounty.set(fips, [...(byCounty.get(fips) ?? []), zip]);
  }
  for (const [fips, zips] of byCounty) zipsByCounty.set(fips, zips);
  indexedStates.add(state);
}

/** The ZIPs of a county (5-digit FIPS code); none for a code no ZIP has. */
export function zipsInCounty(countyFips: string): readonly string[] {
  const state = stateOfCounty(countyFips);
  if (state) indexState(state);
  return zipsByCounty.get(countyFips) ?? [];
}

/** The state of a county (5-digit FIPS code), when some ZIP lies in it. */
export function countyState(countyFips: string): string | undefined {
  return zipsInCounty(countyFips).length > 0 ? stateOfCounty(countyFips) : undefined;
}
