import { hasZipData, normalizePostalCode } from './zip-codes';

interface ZipRange {
  state: string;
  name: string;
  first: string;
  last: string;
}

/**
 * USPS ranges of the territories that producers are licensed in. The rest of
 * 969xx is Palau, Micronesia and the Marshall Islands, where no state licenses
 * producers, so those get the ordinary refusal.
 */
const TERRITORY_ZIP_RANGES: readonly ZipRange[] = [
  { state: 'PR', name: 'Puerto Rico', first: '00600', last: '00799' },
  { state: 'VI', name: 'the US Virgin Islands', first: '00800', last: '00899' },
  { state: 'PR', name: 'Puerto Rico', first: '00900', last: '00999' },
  { state: 'AS', name: 'American Samoa', first: '96799', last: '96799' },
  { state: 'GU', name: 'Guam', first: '96910', last: '96932' },
  { state: 'MP', name: 'the Northern Mariana Islands', first: '96950', last: '96952' },
];

/**
 * Why a ZIP that lookupZip does not know is refused, when the cause is ours:
 * the ZIP data has no rows for the territory it belongs to. Undefined for a
 * malformed ZIP or one that simply does not exist, which callers refuse with
 * their usual message.
 */
export function missingZipDataReason(postalCode: unknown): string | undefined {
  const zip = typeof postalCode === 'string' ? normalizePostalCode(postalCode) : undefined;
  if (!zip) return undefined;
  const range = TERRITORY_ZIP_RANGES.find(({ first, last }) => zip >= first && zip <= last);
  // Once the data covers a territory, an unknown ZIP there is a plain mistake again.
  if (!range || hasZipData(range.state)) return undefined;
  return `Leadflow has no ZIP data for ${range.name} (${range.state}) yet, so no ZIP code there can be accepted`;
}
