/**
 * Since 2022 the Census Bureau counts Connecticut by its nine planning regions
 * (county equivalents with new FIPS codes) and has retired the eight county
 * codes. Names are the Census Bureau's, without "Planning Region".
 */
export const CONNECTICUT_PLANNING_REGIONS: ReadonlyMap<string, string> = new Map([
  ['09110', 'Capitol'],
  ['09120', 'Greater Bridgeport'],
  ['09130', 'Lower Connecticut River Valley'],
  ['09140', 'Naugatuck Valley'],
  ['09150', 'Northeastern Connecticut'],
  ['09160', 'Northwest Hills'],
  ['09170', 'South Central Connecticut'],
  ['09180', 'Southeastern Connecticut'],
  ['09190', 'Western Connecticut'],
]);

/** The retired county codes, which partners with older FIPS tables still send. */
export const CONNECTICUT_LEGACY_COUNTIES: ReadonlyMap<string, string> = new Map([
  ['09001', 'Fairfield'],
  ['09003', 'Hartford'],
  ['09005', 'Litchfield'],
  ['09007', 'Middlesex'],
  ['09009', 'New Haven'],
  ['09011', 'New London'],
  ['09013', 'Tolland'],
  ['09015', 'Windham'],
]);

export function isConnecticutPlanningRegion(countyFips: string): boolean {
  return CONNECTICUT_PLANNING_REGIONS.has(countyFips);
}

/** "09110 Capitol, 09120 Greater Bridgeport, …": for messages that send a partner to the current codes. */
export function describeConnecticutPlanningRegions(): string {
  return [...CONNECTICUT_PLANNING_REGIONS].map(([code, name]) => `${code} ${name}`).join(', ');
}
