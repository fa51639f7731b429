/** Reading a ninjs item's fields (pure): nested keys in any case, entries chosen by role, HTML or text. */
import { present } from "./mapping.js";
import { htmlToPlainText } from "../plain-text.js";

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A field of a nested object by its lowercase name (`contentType` or `contenttype`). */
export function field(obj: Record<string, unknown>, lower: string): unknown {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

/** Whether a headlines/bodies/descriptions entry holds HTML: by its content type, else by a look at its value. */
export function isHtml(entry: Record<string, unknown>): boolean {
  const type = field(entry, "contenttype");
  if (typeof type === "string" && type.trim()) return /html|xml/i.test(type);
  const value = field(entry, "value");
  return typeof value === "string" && /<[A-Za-z][^>]*>/.test(value);
}

/** An entry's value as plain text. */
export function plain(entry: Record<string, unknown>): unknown {
  const value = field(entry, "value");
  return typeof value === "string" && isHtml(entry) ? htmlToPlainText(value) : value;
}

/**
 * The entry of a ninjs 2.x list (`headlines`, `bodies`, `descriptions`) to read: the first whose
 * role comes first in `roles` ("" is no role), else the first with a value; with `htmlFirst`, an
 * HTML entry before a text one.
 */
export function pick(list: unknown, roles: string[], htmlFirst = false): { entry: Record<string, unknown>; index: number; valueKey: string } | undefined {
  if (!Array.isArray(list)) return undefined;
  const entries = list
    .map((entry, index) => ({ entry, index }))
    .filter((e): e is { entry: Record<string, unknown>; index: number } => isObject(e.entry) && present(field(e.entry, "value")) !== undefined);
  const rank = (e: { entry: Record<string, unknown> }) => {
    const role = field(e.entry, "role");
    const r = roles.indexOf(typeof role === "string" ? role.trim().toLowerCase() : "");
    return (htmlFirst && !isHtml(e.entry) ? 100 : 0) + (r === -1 ? roles.length : r);
  };
  const best = entries.reduce<(typeof entries)[number] | undefined>((b, e) => (b === undefined || rank(e) < rank(b) ? e : b), undefined);
  if (!best) return undefined;
  return { ...best, valueKey: Object.keys(best.entry).find((k) => k.toLowerCase() === "value")! };
}
