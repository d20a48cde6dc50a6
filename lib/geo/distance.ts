export interface Coordinates {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_KM = 6371;
const radians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance in km: a degree of longitude in Alaska is half what it is in Texas, so degrees will not do. */
export function distanceKm(a: Coordinates, b: Coordinates): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLng = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The items ordered nearest to `from` first. */
export function byDistance<T extends Coordinates>(from: Coordinates, items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, km: distanceKm(from, item) }))
    .sort((x, y) => x.km - y.km)
    .map(({ item }) => item);
}
