import { perZoneMinute } from '../../../../lib/domain/time-zones';
import { agentLocalDate } from '../../../agents/agent/capacity';

/** What the wall clock and calendar read in one time zone at one instant. */
export interface LocalClock {
  /** YYYY-MM-DD: the agent's day (license expiry, daily cap). */
  readonly date: string;
  /** 1 = Monday … 7 = Sunday. */
  readonly isoWeekday: number;
  /** Minutes since local midnight, 0 … 1439. */
  readonly minuteOfDay: number;
}

const ISO_WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Built once per zone for the life of the process: creating an Intl formatter costs far more than using one. */
const weekdayTimeFormatters = new Map<string, Intl.DateTimeFormat>();

function weekdayTimeFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = weekdayTimeFormatters.get(timeZone);
  if (!formatter) {
    // h23: 'hour12: false' reads midnight as "24" in some ICU versions.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    weekdayTimeFormatters.set(timeZone, formatter);
  }
  return formatter;
}

const validZones = new Map<string, boolean>();

/**
 * Agents' zones are validated on write; should a stored one still be unknown
 * to this runtime, routing reads it as UTC rather than failing every lead of
 * the territory.
 */
function knownZone(timeZone: string): string {
  let valid = validZones.get(timeZone);
  if (valid === undefined) {
    try {
      weekdayTimeFormatter(timeZone);
      valid = true;
    } catch {
      valid = false;
    }
    validZones.set(timeZone, valid);
  }
  return valid ? timeZone : 'UTC';
}

export function localClock(timeZone: string, at: Date): LocalClock {
  return zoneClock(knownZone(timeZone), at);
}

const zoneClock = perZoneMinute((zone, at): LocalClock => {
  let isoWeekday = 0;
  let hour = 0;
  let minute = 0;
  for (const part of weekdayTimeFormatter(zone).formatToParts(at)) {
    if (part.type === 'weekday') isoWeekday = ISO_WEEKDAYS[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  // The same definition of "the agent's day" as the capacity ledger's daily counter.
  return Object.freeze({ date: agentLocalDate(zone, at), isoWeekday, minuteOfDay: (hour % 24) * 60 + minute });
});

/**
 * The clocks of one decision: every candidate is judged at the same instant,
 * so each zone is read once per decision, however many agents share it.
 */
export class DecisionClocks {
  private readonly byZone = new Map<string, LocalClock>();

  constructor(readonly now: Date) {}

  in(timeZone: string): LocalClock {
    let clock = this.byZone.get(timeZone);
    if (!clock) {
      clock = localClock(timeZone, this.now);
      this.byZone.set(timeZone, clock);
    }
    return clock;
  }
}

/** "HH:MM" (or "24:00") as minutes since midnight; NaN when malformed, which matches no window. */
export function minutesOfClockTime(value: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
}
