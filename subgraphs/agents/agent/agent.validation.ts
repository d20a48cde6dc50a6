import { isEmail } from 'class-validator';
import { carrierKey } from '../../../lib/domain/carriers';
import { AgentStatus, AgentTier, LineOfAuthority, ProductLine } from '../../../lib/domain/enums';
import { isIanaTimeZone } from '../../../lib/domain/time-zones';
import { isUsStateCode } from '../../../lib/domain/us-states';
import { BadUserInputError } from '../../../lib/errors';
import { US_TIME_ZONES } from '../../../lib/geo/us-time-zones';
import type { LicenseInput } from '../license/license.inputs';
import type { WorkingHoursWindow } from './agent.entity';
import type { CreateAgentInput, UpdateAgentInput, WorkingHoursInput } from './agent.inputs';

/**
 * Pure checks of agent inputs. Each returns the normalized value or throws
 * BAD_USER_INPUT naming the offending input path, so a service validates every
 * field before it writes anything. The services call these for programmatic
 * callers too, which skip GraphQL's own enum and type checks.
 */

/** Upper bound for maxOpen and dailyCap: far above any real desk, low enough to catch typos. */
export const MAX_CAPACITY = 10_000;
const MAX_NAME_LENGTH = 200;
const MAX_EMAIL_LENGTH = 254;
const MAX_CARRIER_LENGTH = 128;
const MAX_APPOINTMENTS = 200;
const MAX_WORKING_HOURS_WINDOWS = 50;

export interface ValidLicense {
  state: string;
  line: LineOfAuthority;
  expiresOn: string | null;
}

export interface ValidNewAgent {
  name: string;
  email: string;
  tier: AgentTier;
  status: AgentStatus;
  timezone: string;
  maxOpen: number;
  dailyCap: number;
  appointments: string[];
  certifications: ProductLine[];
  workingHours: WorkingHoursWindow[];
  licenses: ValidLicense[];
}

export type ValidAgentChanges = Partial<
  Pick<ValidNewAgent, 'name' | 'tier' | 'maxOpen' | 'dailyCap' | 'timezone' | 'appointments' | 'workingHours'>
>;

export function validateCreateAgentInput(input: CreateAgentInput): ValidNewAgent {
  return {
    name: validName(input.name, 'input.name'),
    email: validEmail(input.email, 'input.email'),
    tier: validEnum(AgentTier, input.tier, 'input.tier'),
    status: input.status == null ? AgentStatus.OFFLINE : validEnum(AgentStatus, input.status, 'input.status'),
    timezone: validTimeZone(input.timezone, 'input.timezone'),
    maxOpen: validCapacity(input.maxOpen, 'input.maxOpen'),
    dailyCap: validCapacity(input.dailyCap, 'input.dailyCap'),
    appointments: validAppointments(input.appointments ?? [], 'input.appointments'),
    certifications: validCertifications(input.certifications ?? [], 'input.certifications'),
    workingHours: validWorkingHours(input.workingHours ?? [], 'input.workingHours'),
    licenses: validLicenses(input.licenses ?? [], 'input.licenses'),
  };
}

/**
 * Only the fields present; an explicit null is rejected because every one of them is required on an agent (for the
 * lists, null would leave unclear whether to keep or to clear them: an empty list clears). A list given replaces the
 * agent's and is checked as createAgent checks it, so both write the same shapes.
 */
export function validateUpdateAgentInput(input: UpdateAgentInput): ValidAgentChanges {
  const changes: ValidAgentChanges = {};
  if (input.name !== undefined) changes.name = validName(present(input.name, 'input.name'), 'input.name');
  if (input.tier !== undefined) changes.tier = validEnum(AgentTier, present(input.tier, 'input.tier'), 'input.tier');
  if (input.maxOpen !== undefined)
    changes.maxOpen = validCapacity(present(input.maxOpen, 'input.maxOpen'), 'input.maxOpen');
  if (input.dailyCap !== undefined) {
    changes.dailyCap = validCapacity(present(input.dailyCap, 'input.dailyCap'), 'input.dailyCap');
  }
  if (input.timezone !== undefined) {
    changes.timezone = validTimeZone(present(input.timezone, 'input.timezone'), 'input.timezone');
  }
  if (input.appointments !== undefined) {
    changes.appointments = validAppointments(present(input.appointments, 'input.appointments'), 'input.appointments');
  }
  if (input.workingHours !== undefined) {
    changes.workingHours = validWorkingHours(present(input.workingHours, 'input.workingHours'), 'input.workingHours');
  }
  return changes;
}

/** `field` is the path of the license object, e.g. `input` or `input.licenses[2]`. */
export function validateLicenseInput(input: LicenseInput, field: string): ValidLicense {
  const state = typeof input.state === 'string' ? input.state.trim().toUpperCase() : '';
  if (!isUsStateCode(state)) throw new BadUserInputError(`${field}.state`, 'must be a US state code such as TX');
  return {
    state,
    line: validEnum(LineOfAuthority, input.line, `${field}.line`),
    expiresOn: input.expiresOn == null ? null : validIsoDate(input.expiresOn, `${field}.expiresOn`),
  };
}

export function validEnum<T extends string>(values: Record<string, T>, value: unknown, field: string): T {
  if (typeof value !== 'string' || !Object.values(values).includes(value as T)) {
    throw new BadUserInputError(field, `must be one of ${Object.values(values).join(', ')}`);
  }
  return value as T;
}

function present<T>(value: T | null, field: string): T {
  if (value === null) throw new BadUserInputError(field, 'must not be null; omit it to keep the current value');
  return value;
}

function validName(value: unknown, field: string): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name) throw new BadUserInputError(field, 'must not be empty');
  if (name.length > MAX_NAME_LENGTH)
    throw new BadUserInputError(field, `must be at most ${MAX_NAME_LENGTH} characters`);
  return name;
}

function validEmail(value: unknown, field: string): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (email.length > MAX_EMAIL_LENGTH || !isEmail(email)) {
    throw new BadUserInputError(field, 'must be a well-formed email address');
  }
  return email;
}

/**
 * Zone names by their lower case: the runtime's list, which holds ICU's
 * canonical names (for some zones the IANA database's retired links, such as
 * Asia/Calcutta), and the current names of the US zones.
 */
const ZONE_SPELLINGS = new Map(
  [...Intl.supportedValuesOf('timeZone'), ...US_TIME_ZONES].map((zone) => [zone.toLowerCase(), zone]),
);

/**
 * Stored as the IANA database spells the name given, so `america/chicago`
 * and `America/Chicago` are one zone; a US zone is never swapped for another
 * name of it: ICU would store America/Indiana/Indianapolis as the retired
 * America/Indianapolis, which a portal's zone picker no longer lists.
 * A name neither list knows takes ICU's spelling.
 */
function validTimeZone(value: unknown, field: string): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!isIanaTimeZone(name)) throw new BadUserInputError(field, 'must be an IANA time zone such as America/Chicago');
  return (
    ZONE_SPELLINGS.get(name.toLowerCase()) ??
    new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
  );
}

function validCapacity(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_CAPACITY) {
    throw new BadUserInputError(field, `must be an integer from 1 to ${MAX_CAPACITY}`);
  }
  return value;
}

/** Carrier names: trimmed, and one entry per carrier however it is capitalized (first spelling kept). */
function validAppointments(values: readonly unknown[], field: string): string[] {
  if (values.length > MAX_APPOINTMENTS)
    throw new BadUserInputError(field, `must have at most ${MAX_APPOINTMENTS} carriers`);
  const seen = new Set<string>();
  const carriers: string[] = [];
  values.forEach((value, index) => {
    const carrier = typeof value === 'string' ? value.trim() : '';
    if (!carrier) throw new BadUserInputError(`${field}[${index}]`, 'must be a carrier name');
    if (carrier.length > MAX_CARRIER_LENGTH) {
      throw new BadUserInputError(`${field}[${index}]`, `must be at most ${MAX_CARRIER_LENGTH} characters`);
    }
    const key = carrierKey(carrier);
    if (seen.has(key)) return;
    seen.add(key);
    carriers.push(carrier);
  });
  return carriers;
}

function validCertifications(values: readonly unknown[], field: string): ProductLine[] {
  const lines = values.map((value, index) => validEnum(ProductLine, value, `${field}[${index}]`));
  return [...new Set(lines)];
}

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function validClockTime(value: unknown, field: string, allowEndOfDay: boolean): string {
  if (typeof value === 'string' && (CLOCK_TIME.test(value) || (allowEndOfDay && value === '24:00'))) return value;
  throw new BadUserInputError(
    field,
    `must be a 24-hour time "HH:MM"${allowEndOfDay ? ' (or "24:00" for end of day)' : ''}`,
  );
}

/** Windows sorted by day and start; windows of one day may not overlap. */
function validWorkingHours(values: readonly WorkingHoursInput[], field: string): WorkingHoursWindow[] {
  if (values.length > MAX_WORKING_HOURS_WINDOWS) {
    throw new BadUserInputError(field, `must have at most ${MAX_WORKING_HOURS_WINDOWS} windows`);
  }
  const windows = values.map((value, index) => {
    const path = `${field}[${index}]`;
    const isoWeekday = value.isoWeekday;
    if (typeof isoWeekday !== 'number' || !Number.isInteger(isoWeekday) || isoWeekday < 1 || isoWeekday > 7) {
      throw new BadUserInputError(`${path}.isoWeekday`, 'must be from 1 (Monday) to 7 (Sunday)');
    }
    const start = validClockTime(value.start, `${path}.start`, false);
    const end = validClockTime(value.end, `${path}.end`, true);
    // "HH:MM" strings of equal length compare in time order.
    if (end <= start) throw new BadUserInputError(`${path}.end`, 'must be after start (windows cannot span midnight)');
    return { index, window: { isoWeekday, start, end } };
  });
  for (const a of windows) {
    for (const b of windows) {
      const overlaps =
        a.index < b.index &&
        a.window.isoWeekday === b.window.isoWeekday &&
        a.window.start < b.window.end &&
        b.window.start < a.window.end;
      if (overlaps) throw new BadUserInputError(`${field}[${b.index}]`, `overlaps ${field}[${a.index}]`);
    }
  }
  return windows
    .map(({ window }) => window)
    .sort((a, b) => a.isoWeekday - b.isoWeekday || a.start.localeCompare(b.start));
}

function validLicenses(values: readonly LicenseInput[], field: string): ValidLicense[] {
  const firstIndexByKey = new Map<string, number>();
  return values.map((value, index) => {
    const license = validateLicenseInput(value, `${field}[${index}]`);
    const key = `${license.state}/${license.line}`;
    const first = firstIndexByKey.get(key);
    if (first !== undefined) {
      throw new BadUserInputError(
        `${field}[${index}]`,
        `repeats the ${license.state} ${license.line} license of ${field}[${first}]`,
      );
    }
    firstIndexByKey.set(key, index);
    return license;
  });
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (so 2025-02-30 is rejected). */
function validIsoDate(value: unknown, field: string): string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value.trim()) : null;
  if (match) {
    const [year, month, day] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return match[0];
    }
  }
  throw new BadUserInputError(field, 'must be a calendar date written YYYY-MM-DD');
}
