/**
 * The credit line: a story's attribution as one short paragraph at the end of its content, in
 * every format. Readers that know nothing of Dublin Core, Atom `rights` or JSON Feed `_wire`
 * still show the content, so the byline, credit and copyright notice travel where every reader
 * looks (pure).
 *
 * Its wording comes from a template (config `creditLine`): `{byline}`, `{credit}`, `{copyright}`,
 * `{usage_terms}` and `{dateline}` name the story's fields, `{pictures}` its pictures' credits,
 * notices and usage terms. Text inside `[` … `]` is written only when every field it names has a
 * value, so a line can say "usage terms" only where there are any; outside a group, a field
 * without a value is left out and the rest written.
 */
import type { Picture, Story } from "../story.js";
import { FIGURE_OPEN } from "./picture.js";
import { escapeCleanText, stripForbidden } from "./xml.js";

/** The fields a template may name, as they are spelled in front matter. */
export const CREDIT_FIELDS = ["byline", "credit", "copyright", "usage_terms", "dateline", "pictures"] as const;
export type CreditField = (typeof CREDIT_FIELDS)[number];

/** The template a config without `creditLine` uses. */
export const DEFAULT_CREDIT_LINE = "By {byline} · {credit} · {copyright}[ · {usage_terms}][ · Pictures: {pictures}]";

/** The class of the credit paragraph, for partners' style sheets. */
export const CREDIT_CLASS = "wire-credit";

/** How the paragraph opens; a story body never holds it (bodies carry no `class` attribute). */
const CREDIT_OPEN = `<p class="${CREDIT_CLASS}">`;

/** A template part: literal text, a field, or an optional group of both. */
type Part = { text: string } | { field: CreditField } | { group: Part[] };

/** The story fields a credit line is made from. */
export type Credited = Pick<Story, "byline" | "credit" | "copyright" | "usageTerms" | "dateline" | "images">;

const parsed = new Map<string, Part[]>();

/**
 * What is wrong with a template, one message per fault (empty when it is usable): an unknown
 * field, a `{` without `}`, a `[` without `]` or a `]` without `[`, a group inside a group.
 * @example templateProblems("By {author}") // ['unknown field {author}; use {byline}, {credit}, …']
 */
export function templateProblems(template: string): string[] {
  return parse(template).problems;
}

/**
 * The credit line of a story as plain text, from `template` (see the module notes). Bylines are
 * joined with ", ". Runs of spaces the template leaves are not tidied: the wording is the template's.
 * @example creditLine(DEFAULT_CREDIT_LINE, story) // "By Ana Souza · Example Wire · © 2026 Example Wire"
 * @throws Error for a template with a fault (config refuses those: see `templateProblems`).
 */
export function creditLine(template: string, story: Credited): string {
  let parts = parsed.get(template);
  if (parts === undefined) {
    const r = parse(template);
    if (r.problems.length) throw new Error(`credit line template: ${r.problems.join("; ")}`);
    parts = r.parts;
    parsed.set(template, parts);
  }
  return fill(parts, story, true) ?? "";
}

/**
 * The credit paragraph as HTML: `<p class="wire-credit">…</p>`, the line escaped as text (a
 * byline such as `<script>` is shown, never run). Empty for an empty line.
 * @example creditHtml("By A & B") // '<p class="wire-credit">By A &amp; B</p>'
 */
export function creditHtml(line: string): string {
  return line === "" ? "" : `${CREDIT_OPEN}${escapeCleanText(line)}</p>`;
}

/**
 * A story's credit line from `template` as plain text, free of XML-forbidden characters, or `""`
 * without a template: what `prepare` gives each feed item and the HTML view shows under each story.
 */
export function storyCredit(template: string | undefined, story: Credited): string {
  return template === undefined ? "" : stripForbidden(creditLine(template, story));
}

/**
 * Plain text with the credit line after it, on a line of its own (Atom's text summary); the text
 * as is without a line.
 * @example withCreditText("Stocks rose.", "By A · B") // "Stocks rose.\nBy A · B"
 */
export function withCreditText(text: string, line: string): string {
  return line === "" ? text : `${text}\n${line}`;
}

/**
 * Content with its credit paragraph last, on a line of its own; the content as is without one.
 * @example withCredit("<p>Body.</p>", '<p class="wire-credit">By A</p>') // '<p>Body.</p>\n<p class="wire-credit">By A</p>'
 */
export function withCredit(contentHtml: string, credit: string): string {
  if (credit === "") return contentHtml;
  return contentHtml === "" ? credit : `${contentHtml}\n${credit}`;
}

/**
 * An item's content without what rendering added after the story's body, its pictures' figures
 * and its credit paragraph (to recover a published body from a feed file). Bodies carry no
 * `class` attribute, so the first figure or credit paragraph is where the additions begin.
 */
export function withoutCredit(contentHtml: string): string {
  let at = contentHtml.lastIndexOf(CREDIT_OPEN);
  if (at >= 0 && (!contentHtml.endsWith("</p>") || contentHtml.indexOf("</p>", at) !== contentHtml.length - 4)) return contentHtml;
  const figure = contentHtml.indexOf(FIGURE_OPEN);
  if (figure >= 0 && (at < 0 || figure < at)) at = figure;
  if (at < 0) return contentHtml;
  return contentHtml.slice(0, at > 0 && contentHtml[at - 1] === "\n" ? at - 1 : at);
}

/** One picture in `{pictures}`: `Jane Doe / Example Photo (© 2026 Example Photo; Editorial use only.)`. */
function pictureNote(p: Picture): string {
  return `${p.credit} (${[p.copyright, ...(p.usageTerms === undefined ? [] : [p.usageTerms])].join("; ")})`;
}

function value(field: CreditField, s: Credited): string | undefined {
  switch (field) {
    case "byline": return s.byline.length ? s.byline.join(", ") : undefined;
    case "credit": return s.credit;
    case "copyright": return s.copyright;
    case "usage_terms": return s.usageTerms;
    case "dateline": return s.dateline;
    case "pictures": return s.images?.length ? s.images.map(pictureNote).join("; ") : undefined;
  }
}

/**
 * The parts filled in. In a group, an empty field makes it undefined (the group is dropped); at
 * the top, an empty field is just left out.
 */
function fill(parts: readonly Part[], s: Credited, top = false): string | undefined {
  let out = "";
  let missing = false;
  for (const part of parts) {
    if ("text" in part) out += part.text;
    else if ("field" in part) {
      const v = value(part.field, s)?.trim();
      if (v) out += v;
      else missing = true;
    } else out += fill(part.group, s) ?? "";
  }
  return missing && !top ? undefined : out;
}

function parse(template: string): { parts: Part[]; problems: string[] } {
  const problems: string[] = [];
  const top: Part[] = [];
  let group: Part[] | undefined;
  let text = "";
  const flush = () => {
    if (text) (group ?? top).push({ text });
    text = "";
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === "{") {
      const end = template.indexOf("}", i);
      if (end < 0) {
        problems.push(`"{" at ${i + 1} has no "}"`);
        break;
      }
      const name = template.slice(i + 1, end);
      if ((CREDIT_FIELDS as readonly string[]).includes(name)) {
        flush();
        (group ?? top).push({ field: name as CreditField });
      } else problems.push(`unknown field {${name}}; use ${CREDIT_FIELDS.map((f) => `{${f}}`).join(", ")}`);
      i = end;
    } else if (c === "[") {
      if (group) problems.push(`"[" at ${i + 1} inside a group; groups do not nest`);
      else {
        flush();
        group = [];
      }
    } else if (c === "]") {
      if (!group) problems.push(`"]" at ${i + 1} closes no "["`);
      else {
        flush();
        top.push({ group });
        group = undefined;
      }
    } else text += c;
  }
  if (group) problems.push(`a "[" has no "]"`);
  flush();
  return { parts: top, problems };
}
