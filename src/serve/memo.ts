/**
 * A pure function of one string (or no value), with its answers kept: a header value or request
 * path that recurs (pollers send the same few) is worked out once. At most `max` answers are kept;
 * past it the memory starts afresh, so a client sending a new value each time costs a `Map` clear
 * now and then, never unbounded memory.
 * @example const encodingFor = remembered(chooseEncoding); encodingFor("gzip, br") // "br", worked out once
 */
export function remembered<T>(fn: (key: string | undefined) => T, max = 1000): (key: string | undefined) => T {
  const known = new Map<string | undefined, T>();
  return (key) => {
    const kept = known.get(key);
    if (kept !== undefined || known.has(key)) return kept as T;
    const value = fn(key);
    if (known.size >= max) known.clear();
    known.set(key, value);
    return value;
  };
}
