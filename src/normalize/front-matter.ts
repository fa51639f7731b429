import { z } from "zod";
import { parseDate } from "../model/dates.js";
import { finding, type Finding } from "../model/diagnostics.js";
import type { Position } from "../ingest/parse.js";
import type { StoryStatus } from "../model/story.js";

/** Ids travel into URLs and file names: letters, digits, `-`, `_`, `.` only, not starting with a dot. */
export const ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Every front-matter field wirefeed knows, in documentation order. */
const KNOWN_FIELDS = [
  "title", "published", "updated", "id", "byline", "credit", "copyright", "usage_terms", "dateline",
  "summary", "categories", "link", "language", "status", "embargo", "version", "correction", "image", "images",
] as const;

/** Front matter after validation: dates are instants, lists are lists. Text is not yet cleaned. */
export interface FrontMatter {
  title?: string;
  published?: Date;
  updated?: Date;
  id?: string;
  byline?: string[];
  credit?: string;
  copyright?: string;
  usage_terms?: string;
  dateline?: string;
  summary?: string;
  categories?: string[];
  link?: string;
  language?: string;
  status?: StoryStatus;
  embargo?: Date;
  version?: number;
  correction?: string;
  /** `image` (the main picture) then `images`, each picture as validated; text not yet cleaned. */
  images?: PictureFields[];
}

/** One picture of `image:` or `images:` after validation. */
export interface PictureFields {
  url: string;
  caption?: string;
  alt?: string;
  credit?: string;
  copyright?: string;
  usage_terms?: string;
  width?: number;
  height?: number;
  type?: string;
  length?: number;
}

/** Most pictures a story may carry; more are left out (`too-many-images`). */
export const MAX_IMAGES = 50;

/** `title:` with nothing after it is YAML null: say "empty", not "expected text". */
const textError = (issue: { input?: unknown }) => (issue.input === null ? "must not be empty" : "expected text");
const text = z.string({ error: textError }).trim().min(1, "must not be blank");
const optionalText = z.string({ error: textError });

/**
 * Most categories a story may carry (`too-many-categories`) and longest category name: a story
 * files under a handful of sections; thousands (a generated or hostile file) would swell every
 * feed item.
 */
const MAX_CATEGORIES = 100;
const MAX_CATEGORY_LENGTH = 100;

/** A zod issue carrying its own rule name, instead of `invalid-<field>`. */
interface RuleParams {
  rule?: string;
}

function dateField(zone: string) {
  return z.union([z.string(), z.date()], { error: "expected an ISO 8601 date-time such as 2026-11-20T09:15:00+01:00" })
    .transform((value, ctx) => {
      if (value instanceof Date) return value;
      const r = parseDate(value, zone);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.message });
        return z.NEVER;
      }
      return r.date;
    });
}

const pixels = z.number({ error: "expected a whole number" }).int("expected a whole number").min(1, "must be 1 or more").optional();

/** A picture's fields. Text is checked for type only here, and cleaned with the story's. */
const pictureSchema = z.object({
  url: z.url({ protocol: /^https$/, error: "expected an absolute https URL" }).transform((u) => new URL(u).href),
  caption: optionalText.optional(),
  alt: optionalText.optional(),
  credit: optionalText.optional(),
  copyright: optionalText.optional(),
  usage_terms: optionalText.optional(),
  width: pixels,
  height: pixels,
  length: pixels,
  type: z.string({ error: textError }).regex(/^image\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/, "expected an image media type such as image/jpeg").optional(),
});
const PICTURE_KEYS = Object.keys(pictureSchema.shape);

/** Text that is more than spaces and control characters (which cleaning removes). */
const HAS_TEXT = /[^\s\u0000-\u001F\u007F-\u009F]/;

/**
 * The pictures of `image:` (one) and `images:` (a list), the main one first. A picture that is not
 * valid is left out with a warning (`invalid-image`), and so is one without a credit or a
 * copyright notice (`image-unattributed`), never the story: it can go out without them.
 */
function pictures(data: Record<string, unknown>, keys: ReadonlyMap<string, Position>, at: (key: string) => Position): { images?: PictureFields[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const images: PictureFields[] = [];
  // A warning about one picture is at that picture where its reader knew it (`images[2]`: an
  // agency format's picture item), else at its key.
  const warn = (key: string, rule: string, message: string, name = key) => {
    const pos = keys.get(name) ?? at(key);
    findings.push(finding("warning", rule, message, pos.line, pos.column));
  };
  const given: [string, unknown][] = [];
  if (data.image !== undefined && data.image !== null) given.push(["image", data.image]);
  if (data.images !== undefined && data.images !== null) {
    if (Array.isArray(data.images)) data.images.forEach((v, i) => given.push([`images[${i}]`, v]));
    else warn("images", "invalid-image", "images: expected a list of pictures, each with url, caption, credit and copyright (it is left out)");
  }
  if (given.length > MAX_IMAGES) {
    warn(data.images === undefined ? "image" : "images", "too-many-images", `${given.length} pictures; a story carries at most ${MAX_IMAGES}, the rest are left out`);
    given.length = MAX_IMAGES;
  }
  for (const [name, value] of given) {
    const key = name === "image" ? "image" : "images";
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      warn(key, "invalid-image", `${name}: expected url, caption, alt, credit, copyright… (the picture is left out)`, name);
      continue;
    }
    const fields = value as Record<string, unknown>;
    for (const k of Object.keys(fields)) if (!PICTURE_KEYS.includes(k)) warn(key, "unknown-field", `${name}: unknown field "${k}" (it is ignored); a picture has ${PICTURE_KEYS.join(", ")}`, name);
    const r = pictureSchema.safeParse(fields);
    if (!r.success) {
      for (const issue of r.error.issues) warn(key, "invalid-image", `${name}.${issue.path.join(".")}: ${issue.message} (the picture is left out)`, name);
      continue;
    }
    // A picture without its credit or notice is not published: the rule for stories, one level down.
    const lacking = (["credit", "copyright"] as const).filter((k) => !HAS_TEXT.test(r.data[k] ?? ""));
    if (lacking.length) {
      warn(key, "image-unattributed", `${name} (${r.data.url}) has no ${lacking.join(" and ")}: the picture is not published; the story is`, name);
      continue;
    }
    images.push(r.data as PictureFields);
  }
  return { ...(images.length ? { images } : {}), findings };
}

const schemas = new Map<string, z.ZodType<FrontMatter>>();

/** The front-matter schema for a time zone (offset-less times are read in it). */
function schemaFor(zone: string): z.ZodType<FrontMatter> {
  let schema = schemas.get(zone);
  if (schema) return schema;
  const date = dateField(zone);
  schema = z.object({
    title: text.optional(),
    published: date.optional(),
    updated: date.optional(),
    embargo: date.optional(),
    id: z.union([z.string(), z.number()]).transform(String)
      .pipe(z.string().regex(ID_PATTERN, "use letters, digits, -, _ and . only")).optional(),
    byline: z.union([text.transform((s) => [s]), z.array(text, { error: "expected a name or a list of names" })]).optional(),
    credit: text.optional(),
    copyright: text.optional(),
    usage_terms: optionalText.optional(),
    dateline: optionalText.optional(),
    summary: optionalText.optional(),
    correction: optionalText.optional(),
    categories: z.union([
      z.union([z.string(), z.number()]).transform((s) => [String(s)]),
      z.array(z.union([z.string(), z.number()]).transform(String), { error: "expected a list of category names" }),
    ], { error: "expected a category name or a list of names, such as [World, Diplomacy]" }).superRefine((list, ctx) => {
      if (list.length > MAX_CATEGORIES) {
        ctx.addIssue({ code: "custom", message: `${list.length} categories; a story may have at most ${MAX_CATEGORIES}`, params: { rule: "too-many-categories" } });
      }
      const long = list.find((c) => c.length > MAX_CATEGORY_LENGTH);
      if (long !== undefined) ctx.addIssue({ code: "custom", message: `a category is at most ${MAX_CATEGORY_LENGTH} characters ("${long.slice(0, 40)}…")` });
    }).optional(),
    // Kept as the URL parser writes it: `"`, `<`, `>` and spaces percent-encoded, host lowercased.
    link: z.url({ protocol: /^https?$/, error: "expected an absolute http(s) URL" }).transform((u) => new URL(u).href).optional(),
    language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "expected a BCP 47 tag such as en or pt-BR").optional(),
    status: z.enum(["usable", "withheld", "canceled"], { error: "expected usable, withheld or canceled" }).optional(),
    version: z.number({ error: "expected a whole number" }).int("expected a whole number").min(1, "must be 1 or more").optional(),
  }) as unknown as z.ZodType<FrontMatter>;
  schemas.set(zone, schema);
  return schema;
}

/**
 * Validates front matter against the schema, reporting every problem at its key's position, and
 * warns on unknown fields with the nearest known one. Required fields are checked later, once
 * raw-text defaults are known.
 */
export function validateFrontMatter(
  data: Record<string, unknown>,
  keys: ReadonlyMap<string, Position>,
  zone: string,
): { fields: FrontMatter; findings: Finding[] } {
  const findings: Finding[] = [];
  const at = (key: PropertyKey | undefined) => keys.get(String(key)) ?? { line: 1, column: 1 };
  for (const key of Object.keys(data)) {
    if ((KNOWN_FIELDS as readonly string[]).includes(key)) continue;
    const near = nearest(key);
    const pos = at(key);
    findings.push(finding("warning", "unknown-field",
      `unknown field "${key}"${near ? `; did you mean "${near}"?` : ""} (it is ignored)`, pos.line, pos.column));
  }
  const pics = pictures(data, keys, at);
  findings.push(...pics.findings);
  const result = schemaFor(zone).safeParse(data);
  if (result.success) {
    findings.sort((a, b) => a.line - b.line || a.column - b.column);
    return { fields: pics.images ? { ...result.data, images: pics.images } : result.data, findings };
  }
  for (const issue of result.error.issues) {
    const key = issue.path[0];
    const pos = at(key);
    const rule = (issue as { params?: RuleParams }).params?.rule ?? `invalid-${String(key ?? "front-matter").replace(/_/g, "-")}`;
    findings.push(finding("error", rule, `${String(key)}: ${issue.message}`, pos.line, pos.column));
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  // Keep what did validate, so later checks can still report on it.
  const fields: Record<string, unknown> = {};
  const bad = new Set(result.error.issues.map((i) => i.path[0]));
  for (const key of KNOWN_FIELDS) {
    if (bad.has(key) || !(key in data)) continue;
    const one = schemaFor(zone).safeParse({ [key]: data[key] });
    if (one.success) fields[key] = (one.data as Record<string, unknown>)[key];
  }
  if (pics.images) fields.images = pics.images;
  return { fields: fields as FrontMatter, findings };
}

/** The known field nearest to `key` by edit distance, when near enough to be a slip. */
export function nearest(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const known of KNOWN_FIELDS) {
    const d = editDistance(key.toLowerCase(), known);
    if (d < bestDistance) [best, bestDistance] = [known, d];
  }
  return bestDistance <= Math.max(2, Math.ceil(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
