import DataLoader from 'dataloader';

/**
 * A loader of one row per key: results come back in key order, and a key with
 * no row gets the Error `missing(key)` rather than a silent null.
 */
export function rowLoader<K extends string, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
  missing: (key: K) => Error,
): DataLoader<K, V> {
  return new DataLoader<K, V>(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row] as const));
    return keys.map((key) => byKey.get(key) ?? missing(key));
  });
}

/** A loader of all rows per key (one-to-many); a key with no rows gets `[]`. */
export function groupLoader<K extends string, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
    for (const row of await fetch(keys)) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}
