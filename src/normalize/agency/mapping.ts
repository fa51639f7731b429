import { createHash } from "node:crypto";
import { finding, type Finding } from "../../model/diagnostics.js";
import { ID_PATTERN, type PictureFields } from "../front-matter.js";
import { PARSE_LIMITS, type ParsedText, type Position } from "../../ingest/parse.js";
import type { WireSource } from "../../model/story.js";

/**
 * What an agency format is mapped to: the same front-matter data and body a Markdown story
 * gives (so the schema, the desk rules, ids, duplicates, dates and renderers apply unchanged),
 * an HTML body for the body-HTML path, and what was not mapped, for `_wire.source`.
 */
export class Mapping {
  readonly data: Record<string, unknown> = {};
  readonly keys = new Map<string, Position>();
  readonly findings: Finding[] = [];
  private readonly unmapped: [string, unknown][] = [];
  body = "";
  bodyAt: Position = { line: 1, column: 1 };

  constructor(readonly source: Omit<WireSource, "unmapped">) {}

  /**
   * Sets a front-matter field from a source value, remembering where it was written. Empty
   * strings (and lists of them) are absent values: the field is left unset.
   */
  set(field: string, value: unknown, at: Position | undefined): void {
    const v = present(value);
    if (v === undefined || field in this.data) return;
    this.data[field] = v;
    this.keys.set(field, at ?? { line: 1, column: 1 });
  }

  /**
   * Adds a picture that came with the story (a ninjs association, a NewsML-G2 picture item) to
   * `images`, as front matter writes one, so front matter's rules judge it: one without a credit
   * or a copyright is left out with `image-unattributed`, the story kept. `at` is where the
   * picture was written; warnings about it point there.
   */
  picture(fields: PictureSource, at: Position | undefined): void {
    const picture: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) {
      const value = typeof v === "number" ? v : present(v);
      if (value !== undefined) picture[k] = value;
    }
    const images = (this.data.images ??= []) as unknown[];
    const where = at ?? { line: 1, column: 1 };
    if (!this.keys.has("images")) this.keys.set("images", where);
    this.keys.set(`images[${images.length}]`, where);
    images.push(picture);
  }

  /** Keeps a source field wirefeed does not map, for partners (`_wire.source.unmapped`). */
  keep(name: string, value: unknown): void {
    if (present(value) !== undefined) this.unmapped.push([name, value]);
  }

  warn(rule: string, message: string, at: Position | undefined): void {
    this.findings.push(finding("warning", rule, message, at?.line, at?.column));
  }

  error(rule: string, message: string, at: Position | undefined): void {
    this.findings.push(finding("error", rule, message, at?.line, at?.column));
  }

  /** The parsed text the assembler reads, as `parseText` gives it for Markdown. */
  parsed(): ParsedText {
    const source: WireSource = { ...this.source };
    if (this.unmapped.length > 0) {
      // An own-property object built by defineProperty: no name (not even __proto__) can reach a prototype.
      const unmapped: Record<string, unknown> = {};
      for (const [k, v] of this.unmapped) Object.defineProperty(unmapped, k, { value: v, enumerable: true, writable: true, configurable: true });
      const size = JSON.stringify(unmapped).length;
      if (size > PARSE_LIMITS.frontMatterLength) {
        this.warn("source-too-large", `the fields wirefeed does not map hold ${size} characters, over ${PARSE_LIMITS.frontMatterLength}: only their names are kept in _wire.source`, undefined);
        source.unmapped = Object.fromEntries(this.unmapped.map(([k]) => [k, null]).filter(([k]) => k !== "__proto__"));
      } else {
        source.unmapped = unmapped;
      }
    }
    return {
      kind: "html",
      data: this.data,
      body: this.body,
      bodyLine: this.bodyAt.line,
      bodyAt: this.bodyAt,
      keys: this.keys,
      findings: this.findings,
      source,
    };
  }
}

/**
 * A picture as an agency format gives it, in front matter's names: front matter's own picture
 * fields, any of them possibly missing (no agency format has alt text), for the front-matter
 * check to judge as it judges `image:`.
 */
export type PictureSource = Partial<Omit<PictureFields, "alt">>;

/** A size as front matter takes it: a whole number, also one written as text (`"1200"`); else unset. */
export function pixelsOf(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The rendition of a picture to publish: the largest (by pixels, then bytes) at an https URL.
 * Renditions at other URLs are never chosen: a feed links only to https pictures.
 */
function largestHttps<R extends { url?: string; width?: number; height?: number; length?: number }>(renditions: readonly R[]): R | undefined {
  const area = (r: R) => (r.width ?? 0) * (r.height ?? 0);
  let best: R | undefined;
  for (const r of renditions) {
    if (!/^https:\/\//i.test(r.url ?? "")) continue;
    if (best === undefined || area(r) > area(best) || (area(r) === area(best) && (r.length ?? 0) > (best.length ?? 0))) best = r;
  }
  return best;
}

/**
 * The rendition to publish ({@link largestHttps}), or none, with an `invalid-image` warning at
 * `at` naming what was offered instead: a picture with no https rendition is left out, whichever
 * format carried it. `kind` is the format's word for a rendition.
 */
export function renditionToPublish<R extends { url?: string; width?: number; height?: number; length?: number }>(
  m: Mapping, renditions: readonly R[], what: string, kind: string, at: Position | undefined,
): R | undefined {
  const rendition = largestHttps(renditions);
  if (rendition === undefined) {
    const seen = renditions.map((r) => r.url).slice(0, 3).join(", ");
    m.warn("invalid-image", `${what} has no ${kind} at an https URL${seen ? ` (only ${seen})` : ""}: it is left out`, at);
  }
  return rendition;
}

/** A picture's printed credit: its photographer and its agency, `Jonas Feld / Northwind Photo`, each once. */
export function pictureCreditOf(...parts: (string | undefined)[]): string | undefined {
  const kept: string[] = [];
  for (const p of parts) {
    const v = present(p) as string | undefined;
    if (v !== undefined && !kept.some((k) => k.toLowerCase() === v.toLowerCase())) kept.push(v);
  }
  return kept.length === 0 ? undefined : kept.join(" / ");
}

/**
 * A picture's copyright notice: the one it gives, else one made from its copyright holder, with
 * the warning a story gets for the same (`copyright-from-holder`).
 */
export function pictureNotice(m: Mapping, notice: unknown, holder: string | undefined, what: string, at: Position | undefined): string | undefined {
  const given = present(notice);
  if (typeof given === "string") return given;
  const name = present(holder);
  if (typeof name !== "string") return undefined;
  m.warn("copyright-from-holder", `${what} has no copyright notice: it is made from its copyright holder ("© ${name}")`, at);
  return `© ${name}`;
}

/** A value as a field takes it: strings trimmed, empty strings and empty lists absent. */
export function present(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (Array.isArray(value)) {
    const kept = value.map(present).filter((v) => v !== undefined);
    return kept.length === 0 ? undefined : kept;
  }
  return value;
}

/** A version as the schema reads it: a whole number written as text becomes a number. */
export function versionValue(value: unknown): unknown {
  return typeof value === "string" && /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : value;
}

/** The last segment of a NewsML-G2 QCode or URI: `stat:usable` and `…/pubstatusg2/usable` are `usable`. */
export function codeOf(qcode: string | undefined): string | undefined {
  if (qcode === undefined) return undefined;
  const code = qcode.slice(Math.max(qcode.lastIndexOf(":"), qcode.lastIndexOf("/")) + 1).trim();
  return code === "" ? undefined : code;
}

/** Longest id made from an agency's URI; longer ones keep their start and a hash of the whole. */
const MAX_ID = 120;

/**
 * An agency's item URI (`urn:newsml:dpa.com:20090101:190510-99-167362`) as a story id (letters,
 * digits, `-`, `_`, `.`; see ID_PATTERN): its scheme dropped, every other character a `-`. The
 * same URI gives the same id in every format, so the duplicate rule sees one story.
 *
 * @example safeId("urn:newsml:dpa.com:20090101:190510-99") // "newsml-dpa.com-20090101-190510-99"
 */
export function safeId(uri: string): string | undefined {
  const noScheme = uri.trim().replace(/^(?:urn:|[a-z][a-z0-9+.-]*:\/\/)/i, "");
  let id = noScheme.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/-{2,}/g, "-").replace(/^[.-]+|[.-]+$/g, "");
  if (id.length > MAX_ID) id = `${id.slice(0, MAX_ID - 12)}-${createHash("sha1").update(uri).digest("hex").slice(0, 11)}`;
  return ID_PATTERN.test(id) ? id : undefined;
}
