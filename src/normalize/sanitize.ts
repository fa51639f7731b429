/**
 * The one sanitizer for a story body's HTML, whatever format the story came in (Markdown with raw
 * HTML, or an agency format carrying an HTML body): sanitize-html, on htmlparser2, with an
 * allow-list fit for news copy. Everything else is removed, and each removal is reported with
 * its offset in the input, so the caller can point at it in the story file.
 */
import { createRequire } from "node:module";
import { finding, type Finding } from "../model/diagnostics.js";
import type SanitizeHtml from "sanitize-html";
import type { Parser as ParserType } from "htmlparser2";

/** What news copy may hold: text structure, emphasis, links, lists, quotes, tables, figures, code. */
const ALLOWED_TAGS = [
  "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
  "em", "strong", "b", "i", "s", "del", "ins", "sub", "sup", "small", "mark", "abbr", "cite", "q",
  "a", "ul", "ol", "li", "blockquote",
  "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
  "figure", "figcaption", "img", "code", "pre",
];

/** Alignment is the one style a body keeps: Markdown tables write it on their cells. */
const ALIGN = { "text-align": [/^(?:left|right|center)$/] };

/** The sanitize-html options, with the hooks that record what was removed (see {@link sanitizeBodyHtml}). */
function options(siteHost: string | undefined, seen: Opened[]): SanitizeHtml.IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      "*": ["lang", "dir", "title"],
      a: ["href", "rel"],
      img: ["src", "alt", "width", "height"],
      ol: ["start"],
      th: ["colspan", "rowspan", "scope", "style"],
      td: ["colspan", "rowspan", "style"],
      abbr: ["title"],
    },
    allowedClasses: { code: ["language-*"] },
    allowedStyles: { th: ALIGN, td: ALIGN },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["https"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    // Recorded before any hook runs, with the attributes as written: sanitize-html deletes the
    // ones it refuses from this same object, which is how a refused attribute is found.
    onOpenTag: (name: string, attribs: Record<string, string>) => {
      seen.push({ name, attribs, written: { ...attribs } });
    },
    transformTags: {
      a: (tagName: string, attribs: Record<string, string>) => {
        delete attribs.rel;
        if (attribs.href !== undefined && offSite(attribs.href, siteHost)) attribs.rel = "nofollow noopener";
        return { tagName, attribs };
      },
      // Images only from https URLs: a relative or http image would load from wherever the feed is read.
      img: (tagName: string, attribs: Record<string, string>) => {
        if (attribs.src !== undefined && !/^\s*https:\/\//i.test(attribs.src)) delete attribs.src;
        return { tagName, attribs };
      },
    },
    // An image left without a source shows nothing: it goes (its src is reported as removed).
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
  };
}

/** Whether a link leaves the site: an http(s) URL to another host (relative links stay on it). */
function offSite(href: string, siteHost: string | undefined): boolean {
  try {
    const url = new URL(href.trim(), "relative://on-site/");
    return (url.protocol === "http:" || url.protocol === "https:") && url.host.toLowerCase() !== siteHost;
  } catch {
    return false;
  }
}

/** A tag as sanitize-html met it: its attributes as written, and the object it then pruned. */
interface Opened {
  name: string;
  attribs: Record<string, string>;
  written: Record<string, string>;
}

/** One thing the sanitizer took out: where it was in the input HTML (UTF-16 offset) and what it was. */
export interface Removal {
  offset: number;
  what: string;
}

/** Elements whose content goes with them: it is code, style or form data, never copy. */
const CONTENT_DROPPED = new Set(["script", "style", "textarea", "option", "xmp"]);

/** A value as a message quotes it: one line, at most 60 characters. */
function quote(value: string): string {
  const one = value.replace(/\s+/g, " ");
  return JSON.stringify(one.length > 60 ? `${one.slice(0, 57)}...` : one);
}

function describeTag(name: string, written: Record<string, string>): string {
  const attrs = Object.entries(written).slice(0, 3).map(([k, v]) => (v === "" ? ` ${k}` : ` ${k}=${quote(v)}`)).join("");
  const more = Object.keys(written).length > 3 ? " ..." : "";
  return `<${name}${attrs}${more}>${CONTENT_DROPPED.has(name) ? " and its content" : " (its text is kept)"}`;
}

let sanitize: typeof SanitizeHtml | undefined;
let Parser: typeof ParserType | undefined;

/**
 * Sanitizes a story body's HTML (pure): the only way HTML from a story reaches an output. Keeps
 * paragraphs, headings, emphasis, links (http, https, mailto; `rel="nofollow noopener"` on links
 * off `siteUrl`), lists, blockquotes, tables, figures, https images, code and pre; removes every
 * other element (script, style and form content with it; the text of others kept), every other
 * attribute and URL, and comments. Each removal is listed with its offset in `html`.
 * Linear in the size of `html` (htmlparser2 is a single-pass tokenizer).
 *
 * @param siteUrl the site's own URL: links to its host get no `rel`.
 * @example sanitizeBodyHtml('<p onclick="x()">Hi</p><script>x()</script>').html // "<p>Hi</p>"
 */
export function sanitizeBodyHtml(html: string, siteUrl?: string): { html: string; removed: Removal[] } {
  // Loaded on first use, as markdown-it is: a build that sanitizes nothing never loads it.
  sanitize ??= createRequire(import.meta.url)("sanitize-html") as typeof SanitizeHtml;
  const seen: Opened[] = [];
  const siteHost = siteUrl === undefined ? undefined : hostOf(siteUrl);
  const out = sanitize(html, options(siteHost, seen));
  const removed = removals(seen);
  const hasOther = html.includes("<!") || html.includes("<?");
  const cut = unfinishedTag(html);
  if (removed.length === 0 && !hasOther && cut === undefined) return { html: out, removed: [] };
  const located = locate(html, removed, hasOther);
  if (cut !== undefined) located.push(cut);
  return { html: out, removed: located };
}

/** A tag the input ends inside (`… <img src=x onerror=…`): the parser drops it, unseen by any hook. */
function unfinishedTag(html: string): Removal | undefined {
  const lt = html.lastIndexOf("<");
  if (lt === -1 || lt < html.lastIndexOf(">") || !/^<[A-Za-z!/?]/.test(html.slice(lt, lt + 2))) return undefined;
  return { offset: lt, what: `an unfinished tag at the end, ${quote(html.slice(lt))}` };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** What was removed from each tag met, by its index among the opened tags. */
function removals(seen: readonly Opened[]): { index: number; what: string }[] {
  const out: { index: number; what: string }[] = [];
  const allowed = new Set(ALLOWED_TAGS);
  seen.forEach(({ name, attribs, written }, index) => {
    if (!allowed.has(name)) {
      out.push({ index, what: describeTag(name, written) });
      return;
    }
    // Our own `rel` is set, not removed; class and style values are filtered in place, not removed.
    const gone = Object.keys(written).filter((k) => k !== "rel" && !(k in attribs));
    if (gone.length > 0) out.push({ index, what: `${gone.map((k) => (written[k] === "" ? k : `${k}=${quote(written[k]!)}`)).join(" ")} from <${name}>` });
  });
  return out;
}

/**
 * Offsets of the removals: a second pass of the same parser sanitize-html uses, with its options,
 * meets the same tags in the same order; it also finds the comments, doctypes and processing
 * instructions sanitize-html drops without a word. Run only when something was removed.
 */
function locate(html: string, removed: readonly { index: number; what: string }[], others: boolean): Removal[] {
  Parser ??= (createRequire(import.meta.url)("htmlparser2") as { Parser: typeof ParserType }).Parser;
  const wanted = new Map(removed.map((r) => [r.index, r.what]));
  const out: Removal[] = [];
  let opened = 0;
  const parser: ParserType = new Parser({
    onopentag() {
      const what = wanted.get(opened++);
      if (what !== undefined) out.push({ offset: parser.startIndex, what });
    },
    oncomment() {
      if (others) out.push({ offset: parser.startIndex, what: "an HTML comment" });
    },
    onprocessinginstruction(name: string, data: string) {
      if (others) out.push({ offset: parser.startIndex, what: name.startsWith("!") ? `<${data.slice(0, 40)}>` : "a processing instruction" });
    },
  }, { decodeEntities: true });
  parser.end(html);
  return out.sort((a, b) => a.offset - b.offset);
}

/** Past this many, removals are counted in one last warning: a pasted web page can hold thousands. */
const MAX_REMOVALS_SHOWN = 20;

/**
 * The `unsafe-html-removed` warnings for what {@link sanitizeBodyHtml} removed, each at the file
 * position `at` gives for its offset in the sanitized input (a reader of any format knows where
 * its HTML sits in the file). Past twenty, one last warning counts the rest.
 *
 * @example removalFindings(sanitizeBodyHtml(html).removed, (offset) => ({ line: 12, column: offset + 1 }))
 */
export function removalFindings(removed: readonly Removal[], at: (offset: number) => { line: number; column: number }): Finding[] {
  const shown = removed.slice(0, MAX_REMOVALS_SHOWN).map((r) => {
    const p = at(r.offset);
    return finding("warning", "unsafe-html-removed", `removed ${r.what}: not allowed in a story's HTML; the story is published without it`, p.line, p.column);
  });
  if (removed.length > MAX_REMOVALS_SHOWN) {
    const last = shown[shown.length - 1]!;
    shown.push(finding("warning", "unsafe-html-removed", `removed ${removed.length - MAX_REMOVALS_SHOWN} more pieces of HTML not allowed in a story`, last.line, last.column));
  }
  return shown;
}
