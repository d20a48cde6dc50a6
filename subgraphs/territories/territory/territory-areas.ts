import { isUsStateCode } from '../../../lib/domain/us-states';
import { BadUserInputError } from '../../../lib/errors';
import { CONNECTICUT_LEGACY_COUNTIES, describeConnecticutPlanningRegions } from '../../../lib/geo/connecticut';
import { missingZipDataReason } from '../../../lib/geo/missing-zip-data';
import { isCountyOfSomeZip, lookupZip, type ZipLocation } from '../../../lib/geo/zip-codes';
import type { NewTerritory } from './territory.inputs';
import { AreaKind } from './territory-area.entity';

export const MAX_NAME_LENGTH = 100;
/** Bounds one territory's size; a whole large state is ~2,700 ZIPs. */
export const MAX_AREAS_PER_LIST = 10_000;
export const MAX_ZIP_PREFIX_LENGTH = 4;

export interface Area {
  kind: AreaKind;
  value: string;
}

export interface ValidTerritory {
  name: string;
  areas: Area[];
}

function listOf(
  field: string,
  values: readonly string[] | null | undefined,
  kind: AreaKind,
  normalize: (value: string, path: string) => string,
): Area[] {
  if (!values) return [];
  if (values.length > MAX_AREAS_PER_LIST) {
    throw new BadUserInputError(field, `at most ${MAX_AREAS_PER_LIST} entries`);
  }
  const seen = new Set<string>();
  return values.flatMap((raw, index) => {
    const value = normalize(raw, `${field}[${index}]`);
    if (seen.has(value)) return [];
    seen.add(value);
    return [{ kind, value }];
  });
}

const normalizeState = (raw: string, path: string): string => {
  const code = raw.trim().toUpperCase();
  if (!isUsStateCode(code)) throw new BadUserInputError(path, `"${raw}" is not a US state code`);
  return code;
};

const normalizeZip = (raw: string, path: string): string => {
  const location = lookupZip(raw);
  if (!location) throw new BadUserInputError(path, missingZipDataReason(raw) ?? `"${raw}" is not a US ZIP code`);
  return location.postalCode;
};

const normalizeZipPrefix = (raw: string, path: string): string => {
  const prefix = raw.trim();
  if (!new RegExp(`^\\d{1,${MAX_ZIP_PREFIX_LENGTH}}$`).test(prefix)) {
    throw new BadUserInputError(
      path,
      `"${raw}" must be 1 to ${MAX_ZIP_PREFIX_LENGTH} digits (a full ZIP goes in postalCodes)`,
    );
  }
  return prefix;
};

const normalizeCounty = (raw: string, path: string): string => {
  const code = raw.trim();
  if (!/^\d{5}$/.test(code)) throw new BadUserInputError(path, `"${raw}" must be a 5-digit county FIPS code`);
  const legacyCounty = CONNECTICUT_LEGACY_COUNTIES.get(code);
  if (legacyCounty) {
    // Every Connecticut ZIP is coded by planning region, so a retired county code would silently match nothing.
    throw new BadUserInputError(
      path,
      `"${raw}" is the retired FIPS code of ${legacyCounty} County: Connecticut has used its planning regions ` +
        `instead of counties since 2022, with codes ${describeConnecticutPlanningRegions()}`,
    );
  }
  // A well-formed code that no ZIP belongs to could never match a lead.
  if (!isCountyOfSomeZip(code)) throw new BadUserInputError(path, `"${raw}" is not the FIPS code of a US county`);
  return code;
};

/** Checks every field of a new territory before anything is written; throws BAD_USER_INPUT naming the field. */
export function validateNewTerritory(input: NewTerritory, path = 'input'): ValidTerritory {
  const name = (input.name ?? '').trim();
  if (!name) throw new BadUserInputError(`${path}.name`, 'must not be empty');
  if (name.length > MAX_NAME_LENGTH)
    throw new BadUserInputError(`${path}.name`, `at most ${MAX_NAME_LENGTH} characters`);
  const areas = [
    ...listOf(`${path}.states`, input.states, AreaKind.STATE, normalizeState),
    ...listOf(`${path}.postalCodes`, input.postalCodes, AreaKind.ZIP, normalizeZip),
    ...listOf(`${path}.zipPrefixes`, input.zipPrefixes, AreaKind.ZIP_PREFIX, normalizeZipPrefix),
    ...listOf(`${path}.counties`, input.counties, AreaKind.COUNTY, normalizeCounty),
  ];
  if (areas.length === 0) {
    throw new BadUserInputError(path, 'needs at least one state, postal code, ZIP prefix or county');
  }
  return { name, areas };
}

/** Every area that contains a ZIP: its state, itself, its prefixes and its county. */
export function areasContaining(location: ZipLocation): Area[] {
  const zip = location.postalCode;
  const areas: Area[] = [
    { kind: AreaKind.STATE, value: location.state },
    { kind: AreaKind.ZIP, value: zip },
  ];
  for (let length = 1; length <= MAX_ZIP_PREFIX_LENGTH; length += 1) {
    areas.push({ kind: AreaKind.ZIP_PREFIX, value: zip.slice(0, length) });
  }
  if (location.countyFips) areas.push({ kind: AreaKind.COUNTY, value: location.countyFips });
  return areas;
}
