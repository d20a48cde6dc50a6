import type { ZipLocation } from '../../../lib/geo/zip-codes';
import type { LeadEntity } from './lead.entity';

export type LeadLocation = Pick<
  LeadEntity,
  'postalCode' | 'state' | 'county' | 'city' | 'latitude' | 'longitude' | 'timezone'
>;

/** A lead's location columns, from the ZIP it came with: routing matches territories and licenses on them. */
export function leadLocation(location: ZipLocation): LeadLocation {
  return {
    postalCode: location.postalCode,
    state: location.state,
    county: location.county,
    city: location.city,
    latitude: location.latitude,
    longitude: location.longitude,
    timezone: location.timeZone,
  };
}
