/**
 * The IANA zones of the US and its territories, from tzdata's zone.tab (rows
 * US, PR, VI, GU, MP, AS, UM). A coordinate lookup near a border can land in
 * Canada, Mexico or Russia; a lead's calling hours must follow a US clock.
 */
// prettier-ignore
export const US_TIME_ZONES: ReadonlySet<string> = new Set([
  'America/New_York', 'America/Detroit', 'America/Kentucky/Louisville', 'America/Kentucky/Monticello',
  'America/Indiana/Indianapolis', 'America/Indiana/Vincennes', 'America/Indiana/Winamac',
  'America/Indiana/Marengo', 'America/Indiana/Petersburg', 'America/Indiana/Vevay', 'America/Chicago',
  'America/Indiana/Tell_City', 'America/Indiana/Knox', 'America/Menominee', 'America/North_Dakota/Center',
  'America/North_Dakota/New_Salem', 'America/North_Dakota/Beulah', 'America/Denver', 'America/Boise',
  'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'America/Juneau', 'America/Sitka',
  'America/Metlakatla', 'America/Yakutat', 'America/Nome', 'America/Adak', 'Pacific/Honolulu',
  // Territories: zone.tab names them even where zone1970.tab folds them into a neighbour's zone.
  'America/Puerto_Rico', 'America/St_Thomas', 'Pacific/Guam', 'Pacific/Saipan', 'Pacific/Pago_Pago',
  'Pacific/Midway', 'Pacific/Wake',
]);

export function isUsTimeZone(zone: string): boolean {
  return US_TIME_ZONES.has(zone);
}
