/**
 * Carrier names are typed by people: they are the same carrier trimmed and
 * case-insensitively. Routing matches a lead's carrier to appointments by it,
 * agents' appointments are deduplicated by it, and a carrier gained is judged by it.
 */
export function carrierKey(name: string): string {
  return name.trim().toLowerCase();
}
