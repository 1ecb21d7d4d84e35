import { asciiLower } from '../core/bytes';

/** Per map: its keys under their upper-case spellings, and the map size they were taken at. */
const upperKeys = new WeakMap<ReadonlyMap<string, unknown>, { size: number; keys: Map<string, string> }>();

function upperIndex(map: ReadonlyMap<string, unknown>): Map<string, string> {
  let index = upperKeys.get(map);
  if (index === undefined || index.size !== map.size) {
    const keys = new Map<string, string>();
    for (const k of map.keys()) {
      // Only where upper-casing is exact: lower-casing it back gives the key.
      const upper = k.toUpperCase();
      if (asciiLower(k) === k && asciiLower(upper) === k) keys.set(upper, k);
    }
    index = { size: map.size, keys };
    upperKeys.set(map, index);
  }
  return index.keys;
}

/**
 * `map.get(asciiLower(name))` for a map keyed by lower-case names (commands,
 * subcommands). Clients send names in lower or in upper case, and both are
 * found without a lower-cased copy of the name, which every request would
 * otherwise make. The upper-case index is only a shortcut to a key: a key
 * gone from the map misses there and the name is lower-cased after all.
 */
export function caselessGet<V>(map: ReadonlyMap<string, V>, name: string): V | undefined {
  const exact = map.get(name);
  if (exact !== undefined) return exact;
  const key = upperIndex(map).get(name);
  const viaUpper = key === undefined ? undefined : map.get(key);
  return viaUpper ?? map.get(asciiLower(name));
}
