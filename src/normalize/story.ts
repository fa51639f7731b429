import { createHash } from "node:crypto";
import type { Config } from "../config/config.js";
import type { ParsedText, Position } from "../ingest/parse.js";
import { rawDate, type DateSource, type RawDate } from "../model/dates.js";
import { finding, type Finding } from "../model/diagnostics.js";
import { itemId } from "../model/feed.js";
import type { BodyKind, Picture, Story } from "../model/story.js";
import { paragraphsToHtml, renderMarkdown, renderMarkdownChecked } from "./body.js";
import { firstParagraphText } from "./plain-text.js";
import { datelineDate, extractDateline } from "./dateline.js";
import { ID_PATTERN, validateFrontMatter, type FrontMatter, type PictureFields } from "./front-matter.js";
import { htmlParagraphs, renderHtmlBody } from "./html.js";
import { repairQuotes } from "./quotes.js";
import { parseRaw } from "./raw.js";
import { cleanText, collapseInline, forbiddenFindings } from "./text.js";

/** What assembling a story needs to know about its file, besides its text. */
export interface FileFacts {
  /** Path relative to the stories folder, `/`-separated. */
  file: string;
  /** Modification time: raw wire text's last resort for a date (see `rawDate`). */
  mtime: Date;
  /** When the file was first committed, when its folder is in a git repository. */
  committed?: Date;
  /** When a build first saw the file (kept in the output folder). */
  firstSeen?: Date;
}

/**
 * Turns a parsed file into a normalized Story (pure). Every problem is reported; any error means
 * no story. Defaults: id from the file name, credit from the configured publisher, byline from
 * the credit, link from the site URL and id, summary from the first paragraph.
 *
 * With `withBody` false the body is checked and hashed but not rendered: `contentHtml` is empty
 * and `summary` is only the one written in the front matter. Selection needs no more, and the
 * few stories a feed renders are read again with bodies (see `hydrate`).
 */
export function assembleStory(parsed: ParsedText, facts: FileFacts, config: Config, withBody = true): { story?: Story; findings: Finding[] } {
  const { story, findings } = assemble(parsed, facts, config, withBody);
  return { ...(story ? { story } : {}), findings: oneCharacterWarning(findings) };
}

function assemble(parsed: ParsedText, facts: FileFacts, config: Config, withBody: boolean): { story?: Story; findings: Finding[] } {
  const findings: Finding[] = [...parsed.findings];
  if (findings.some((f) => f.severity === "error")) return { findings };
  const { fields, body, keys } =
    parsed.kind === "raw" ? fromRaw(parsed, facts, config, findings) : parsed.kind === "html" ? fromAgency(parsed, config, findings) : fromMarkdown(parsed, config, findings);
  if (body.empty) findings.push(finding("error", "empty-body", "the story has no text", parsed.bodyAt?.line ?? parsed.bodyLine, parsed.bodyAt?.column ?? 1));
  const contentHtml = withBody ? body.html() : "";
  // What concerns a whole story is at its start: the file's, or its item's in a file of several.
  const start: Position = parsed.item ? { line: parsed.item.line, column: parsed.item.column } : { line: 1, column: 1 };
  const pos = (key: string): Position => keys.get(key) ?? start;
  const line = (key: string, value: string | undefined) => value === undefined ? undefined : oneLine(value, pos(key), findings);

  const title = line("title", fields.title);
  const copyright = line("copyright", fields.copyright);
  const credit = line("credit", fields.credit) || config.publisher;
  const byWord = BY_WORDS[(fields.language ?? config.language).slice(0, 2).toLowerCase()] ?? BY_WORDS.en!;
  const bylines = (fields.byline ?? []).map((b) => line("byline", b)!.replace(byWord, "")).filter(Boolean);
  const id = fields.id ?? baseName(facts.file);

  // One defect, one error: a field already reported as invalid, or already missing per the raw
  // parser, is not reported as missing again.
  const missing = (key: string, message: string) => {
    if (findings.some((f) => f.rule === `invalid-${key}` || f.rule === `missing-${key}`)) return;
    const p = parsed.kind === "raw" ? { line: 1, column: 1 } : pos(key);
    findings.push(finding("error", `missing-${key}`, message, p.line, p.column));
  };
  if (!title) missing("title", "title is required: the story's headline");
  if (!fields.published) missing("published", "published is required: an ISO 8601 date-time such as 2026-11-20T09:15:00+01:00");
  if (!copyright) missing("copyright", "copyright is required: no story goes out without its copyright notice");
  // Raw text's credit comes from its notice: without one, missing-copyright says it all.
  if (!credit && bylines.length === 0 && !(parsed.kind === "raw" && !copyright)) {
    findings.push(finding("error", "missing-attribution", "the story has neither byline nor credit, and no publisher is configured to credit it", start.line, start.column));
  }
  if (!ID_PATTERN.test(id)) {
    const p = pos("id");
    findings.push(finding("error", "invalid-id", `id "${id}" must use letters, digits, -, _ and . only; set \`id\` or rename the file`, p.line, p.column));
  }
  if (findings.some((f) => f.severity === "error")) return { findings };

  const story: Story = {
    id,
    file: facts.file,
    title: title!,
    published: fields.published!,
    byline: bylines.length ? bylines : [credit!],
    credit: credit ?? bylines.join(", "),
    copyright: copyright!,
    summary: line("summary", fields.summary) || (withBody ? firstParagraphText(contentHtml) : ""),
    contentHtml,
    bodyHash: body.hash,
    // Categories are keys that config filters match: cleaned, but their quotes left as written.
    categories: tidyCategories((fields.categories ?? []).map((c) => oneLine(c, pos("categories"), findings, false))),
    link: fields.link ?? itemId(config.siteUrl, id),
    status: fields.status ?? "usable",
    version: fields.version ?? 1,
  };
  const optional = {
    updated: fields.updated,
    usageTerms: line("usage_terms", fields.usage_terms) || undefined,
    dateline: line("dateline", fields.dateline ?? (parsed.kind === "markdown" ? bodyDateline(parsed.body) : undefined)) || undefined,
    language: fields.language,
    embargo: fields.embargo,
    correction: line("correction", fields.correction) || undefined,
    source: parsed.source,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (story as unknown as Record<string, unknown>)[k] = v;
  const images = pictures(fields.images ?? [], pos(keys.has("images") ? "images" : "image"), findings);
  if (images.length) story.images = images;
  if (parsed.kind === "markdown" && parsed.bodyOffset !== undefined) story.bodyOffset = parsed.bodyOffset;
  if (parsed.item) story.item = parsed.item;
  return { story, findings };
}

/**
 * The pictures, each line cleaned as the story's are. Front matter validation has left out those
 * without a credit or a copyright notice (`image-unattributed`).
 */
function pictures(given: readonly PictureFields[], p: Position, findings: Finding[]): Picture[] {
  const out: Picture[] = [];
  given.forEach((g) => {
    const text = (v: string | undefined) => (v === undefined ? undefined : oneLine(v, p, findings) || undefined);
    const picture: Picture = { url: g.url, credit: text(g.credit)!, copyright: text(g.copyright)! };
    const optional = {
      caption: text(g.caption), alt: text(g.alt), usageTerms: text(g.usage_terms),
      width: g.width, height: g.height, type: g.type, length: g.length,
    };
    for (const [k, v] of Object.entries(optional)) if (v !== undefined) (picture as unknown as Record<string, unknown>)[k] = v;
    // Keys in a fixed order, whatever the front matter's: the same picture has the same story key.
    out.push(Object.fromEntries(PICTURE_ORDER.filter((k) => k in picture).map((k) => [k, picture[k]])) as unknown as Picture);
  });
  return out;
}

const PICTURE_ORDER = ["url", "caption", "alt", "credit", "copyright", "usageTerms", "width", "height", "type", "length"] as const satisfies readonly (keyof Picture)[];

function fromMarkdown(parsed: ParsedText, config: Config, findings: Finding[]) {
  const { fields, findings: fm } = validateFrontMatter(parsed.data, parsed.keys, config.timeZone);
  findings.push(...fm);
  findings.push(...forbiddenFindings(parsed.body, parsed.bodyLine - 1));
  // Only HTML or a link can lose something to the sanitizer: a body with neither is rendered if a
  // feed shows it, and one with either is rendered now, for its warnings, and kept.
  let html: string | undefined;
  if (MAY_LOSE_HTML.test(parsed.body)) {
    const checked = renderMarkdownChecked(cleanText(parsed.body, 0, false).text, parsed.bodyLine - 1, config.siteUrl);
    findings.push(...checked.findings);
    html = checked.html;
  }
  return { fields, body: lazyBody(parsed.body.trim(), () => html ?? renderBody(parsed.body, "markdown", config.siteUrl)), keys: parsed.keys };
}

/** Raw HTML, an autolink (both start with `<`), an inline link or image `](`, a link definition `]:`. */
const MAY_LOSE_HTML = /<|\]\(|\]:/;

/**
 * One warning per story for removed characters (control characters, U+FFFE/U+FFFF, lone
 * surrogates), wherever they were: the first place, and how many other fields held some.
 */
function oneCharacterWarning(findings: Finding[]): Finding[] {
  const removed = findings.filter((f) => f.rule === "xml-forbidden-char");
  if (removed.length < 2) return findings;
  const first = removed.reduce((a, b) => (b.line < a.line || (b.line === a.line && b.column < a.column) ? b : a));
  const merged = { ...first, message: `${first.message}; and more in ${removed.length - 1} other part${removed.length > 2 ? "s" : ""} of the story` };
  return findings.flatMap((f) => (f === first ? [merged] : f.rule === "xml-forbidden-char" ? [] : [f]));
}

/** An agency story (ninjs, NewsML-G2): its mapped fields read as front matter, its body as HTML. */
function fromAgency(parsed: ParsedText, config: Config, findings: Finding[]) {
  const { fields, findings: fm } = validateFrontMatter(parsed.data, parsed.keys, config.timeZone);
  findings.push(...fm);
  // As for Markdown, the body is only checked here; its position is the key or element holding it.
  const at = parsed.bodyAt ?? { line: 1, column: 1 };
  findings.push(...forbiddenFindings(parsed.body).map((f) => ({ ...f, line: at.line, column: at.column })));
  return { fields, body: lazyBody(htmlParagraphs(parsed.body).join("\n\n"), () => renderBody(parsed.body, "html", config.siteUrl)), keys: parsed.keys };
}

/** What each source of a raw story's date is called in its warning. */
const DATE_SOURCES: Record<Exclude<DateSource, "dateline">, string> = {
  "file-name": "the date its file name starts with",
  git: "when the file was first committed",
  "first-build": "when a build first saw the file",
  mtime: "the file's modification time",
};

/** What a raw story lacked when its date came from each source. */
const LACKING: Record<Exclude<DateSource, "dateline">, string> = {
  "file-name": "no date in its dateline",
  git: "no date in its dateline or file name",
  "first-build": "no date in its dateline or file name, and no commit in a git repository",
  mtime: "no date in its dateline or file name, no commit in a git repository, and no build state",
};

/** The warning for a raw story not dated by its own dateline, naming the source used. */
function dateFindings(when: RawDate): Finding[] {
  const iso = when.date.toISOString();
  if (when.source !== "dateline") {
    return [finding("warning", `published-from-${when.source}`, `raw wire text with ${LACKING[when.source]}; published is ${DATE_SOURCES[when.source]}, ${iso}`)];
  }
  if (when.yearFrom === undefined || when.yearFrom === "copyright") return [];
  return [finding("warning", "published-year-guessed",
    `the dateline gives a day but no year, nor does the copyright notice; the year is the one that puts it last before ${DATE_SOURCES[when.yearFrom]}: ${iso}`)];
}

function fromRaw(parsed: ParsedText, facts: FileFacts, config: Config, findings: Finding[]) {
  const raw = parseRaw(parsed.body);
  findings.push(...raw.findings);
  const history = { committed: facts.committed, firstSeen: facts.firstSeen, mtime: facts.mtime };
  const when = rawDate({ dateline: raw.dateline === undefined ? undefined : datelineDate(raw.dateline), copyright: raw.copyright }, facts.file, history, config.timeZone);
  findings.push(...dateFindings(when));
  const fields: FrontMatter = {
    title: raw.title,
    published: when.date,
    copyright: raw.copyright,
    credit: raw.credit,
    dateline: raw.dateline,
  };
  const text = raw.paragraphs.join("\n\n");
  return { fields, body: lazyBody(text, () => paragraphsToHtml(raw.paragraphs)), keys: new Map<string, Position>() };
}

/**
 * A story's body (as `bodyOf`, `parseText` or an agency reader cut it) as sanitized HTML:
 * Markdown rendered, raw wire text repaired into paragraphs, an agency's HTML through the
 * body-HTML path (pure).
 */
export function renderBody(body: string, kind: BodyKind, siteUrl?: string): string {
  if (kind === "html") return renderHtmlBody(body, siteUrl);
  return kind === "markdown" ? renderMarkdown(cleanText(body, 0, false).text, siteUrl) : paragraphsToHtml(parseRaw(body).paragraphs);
}

/** A body known by its text's hash, rendered only when asked. */
function lazyBody(text: string, html: () => string) {
  return { empty: text === "", hash: createHash("sha1").update(text).digest("base64url"), html };
}

/**
 * The word a byline starts with in each language ("By Amira Haddad", "Von Lea Brunner"): dropped,
 * so readers list the name. Only the story's own language's word, since "Von" or "Par" can also
 * begin a name.
 */
const BY_WORDS: Record<string, RegExp> = {
  en: /^by\s+/i, de: /^von\s+/i, fr: /^par\s+/i, es: /^por\s+/i, pt: /^por\s+/i, it: /^di\s+/i, nl: /^door\s+/i,
};

/** A Markdown story with no `dateline` field takes the one its copy opens with (`BOSTON — …`). */
function bodyDateline(body: string): string | undefined {
  const first = body.trimStart().split("\n", 1)[0] ?? "";
  return extractDateline(first).dateline;
}

/** One line of plain text: NFC, no XML-forbidden characters (warned), whitespace collapsed, quotes curled. */
function oneLine(value: string, pos: Position, findings: Finding[], curlQuotes = true): string {
  const cleaned = cleanText(value, pos.line - 1);
  findings.push(...cleaned.findings.map((f: Finding) => ({ ...f, line: pos.line, column: pos.column })));
  const text = collapseInline(cleaned.text);
  return curlQuotes ? repairQuotes(text) : text;
}

/**
 * Categories, each already cleaned to one line (see `oneLine`): blanks dropped, duplicates
 * (ignoring case) removed, first spelling kept.
 */
function tidyCategories(categories: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of categories) {
    const key = name.toLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

function baseName(file: string): string {
  const name = file.slice(file.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

