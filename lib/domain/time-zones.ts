/** True for names the runtime's IANA database knows, such as `America/Chicago`. */
export function isIanaTimeZone(name: string): boolean {
  if (!name.includes('/') && name !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** 1972-01-01T00:00Z: since then every IANA zone's offset from UTC is a whole number of minutes. */
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1972, 0, 1);

/**
 * `read(zone, at)` kept per zone for the last UTC minute asked, for wall-clock
 * readings (date, weekday, minute of day) that routing takes on every decision
 * and Intl's formatToParts makes slow. Since 1972 zones change offset only on
 * whole minutes, so one UTC minute is one local minute everywhere; earlier
 * instants are read afresh.
 */
export function perZoneMinute<T>(read: (zone: string, at: Date) => T): (zone: string, at: Date) => T {
  const last = new Map<string, { minute: number; value: T }>();
  return (zone, at) => {
    const time = at.getTime();
    if (!(time >= WHOLE_MINUTE_OFFSETS_SINCE)) return read(zone, at);
    const minute = Math.floor(time / 60_000);
    const kept = last.get(zone);
    if (kept?.minute === minute) return kept.value;
    const value = read(zone, at);
    last.set(zone, { minute, value });
    return value;
  };
}
