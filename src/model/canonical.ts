/**
 * JSON whose text depends on values only (pure): every object's keys in sorted order, so two
 * objects with the same values give the same text whatever order their properties were added in.
 * What a key is made from (a story's, the build record's), never what is published. Dates are
 * written as JSON writes them (ISO strings); properties whose value is undefined are left out.
 * @example canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value)) ?? "null";
}

/** The value with every plain object's keys in sorted order; strings, numbers and Dates as they are. */
function sorted(value: unknown): unknown {
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  if (Array.isArray(value)) return value.some((v) => v !== null && typeof v === "object") ? value.map(sorted) : value;
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = sorted(o[k]);
  return out;
}
