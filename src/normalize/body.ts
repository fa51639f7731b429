import { createRequire } from "node:module";
import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { escapeMarkup } from "../model/xml-chars.js";
import { collapseInline, normalizeChars } from "./text.js";

/** Escapes text for an HTML text node. */
const escapeHtml = escapeMarkup;

/**
 * Wraps plain-text paragraphs as HTML, one `<p>` per paragraph, joined with newlines.
 *
 * @example paragraphsToHtml(["Fish & chips", "<b>"]) // "<p>Fish &amp; chips</p>\n<p>&lt;b&gt;</p>"
 */
export function paragraphsToHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
}

/** Schemes a link may use; anything else with a scheme (javascript:, vbscript:, file:, data:…) is refused. */
const SAFE_SCHEMES = new Set(["http", "https", "mailto", "tel", "ftp"]);

/** Raster image data (no SVG, which can carry script) is the only data: URL allowed, and only in images. */
const SAFE_DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|webp)[;,]/;

/** A URL scheme, as browsers read it. */
const SCHEME = /^([a-z][a-z0-9+.-]*):/;

/** Percent-decodes where possible, so `%6A` cannot hide a letter of the scheme from the check. */
function decodeLoosely(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/**
 * Reads a URL's scheme the way a browser would: entities are already decoded by markdown-it;
 * percent-escapes are decoded, and whitespace and control characters dropped (browsers ignore
 * `java\tscript:`), then lowercased (`JaVaScRiPt:`).
 */
function schemeOf(url: string): { scheme?: string; plain: string } {
  const plain = decodeLoosely(url).replace(/[\u0000-\u0020\u007F-\u009F]/g, "").toLowerCase();
  return { scheme: SCHEME.exec(plain)?.[1], plain };
}

/** True for relative URLs and allowed schemes; data: images pass here and are kept to images below. */
function isSafeUrl(url: string): boolean {
  const { scheme, plain } = schemeOf(url);
  return scheme === undefined || SAFE_SCHEMES.has(scheme) || SAFE_DATA_IMAGE.test(plain);
}

/** Replaces a link whose target is a data: URL by its text; validateLink cannot tell links from images. */
function unlinkData(tokens: Token[]): Token[] {
  const out: Token[] = [];
  let dropping = 0; // nesting depth of data: links being unwrapped
  for (const t of tokens) {
    if (t.type === "link_open" && (dropping > 0 || schemeOf(t.attrGet("href") ?? "").scheme === "data")) {
      dropping++;
      continue;
    }
    if (t.type === "link_close" && dropping > 0) {
      dropping--;
      continue;
    }
    out.push(t);
  }
  return out;
}

let shared: MarkdownIt | undefined;

/**
 * One shared instance (building one is the slow part), made on first use: a warm build that
 * renders nothing does not load markdown-it at all. Raw HTML is escaped, never passed
 * (`html: false`); bare URLs are not linked; straight quotes become typographic.
 */
function markdownIt(): MarkdownIt {
  if (shared) return shared;
  const Md = createRequire(import.meta.url)("markdown-it") as typeof MarkdownIt;
  const md = new Md({ html: false, linkify: false, typographer: true, quotes: "“”‘’" });
  md.validateLink = isSafeUrl;
  md.core.ruler.push("unlink_data", (state) => {
    for (const block of state.tokens) if (block.type === "inline" && block.children) block.children = unlinkData(block.children);
  });
  return (shared = md);
}

/*
 * The fast path's tests: what could make markdown-it (with the options of markdownIt(); its rules
 * are in node_modules/markdown-it/lib) do more than wrap paragraphs. Conservative: some of these
 * would turn out to be literal text, but the fast path only takes what is certainly plain. Each
 * is its own scan, gated by `includes` where it can be: one regex of all of them, or a loop over
 * the characters, took several times as long.
 */

/**
 * Characters that are syntax wherever they stand: C0 controls but LF (a tab is indentation, CR a
 * line break, NUL is replaced), `\` escapes and hard breaks, `` ` `` code, `~` strikethrough and
 * fences, `*` `_` emphasis and rules, `[` `]` links, images and references, `<` autolinks (and
 * raw HTML, escaped), `|` tables, and `"`, which smartquotes would curl.
 */
const SYNTAX_CHAR = /[\u0000-\u0009\u000B-\u001F\\`~*_[\]<|"]/;

/** The typographer's triggers, as markdown-it tests them (RARE_RE, SCOPED_ABBR_TEST_RE). */
const TYPOGRAPHER = /\+-|\.\.|\?\?\?\?|!!!!|,,|--/;
const TYPOGRAPHER_ABBR = /\((?:c|tm|r)\)/i;

/** An `&` where an entity could start (`&amp;`, `&#38;`): "Fish & chips" is plain, "R&D" is not. */
const ENTITY_START = /&(?=[#A-Za-z])/;

/**
 * A `'` that smartquotes could pair. One after an ASCII letter or digit never opens a quote, and
 * when all are so (and there is no `"`) nothing is open for it to close: markdown-it makes every
 * such `'` an apostrophe, ’ ("don't", "Reuters' report").
 */
const QUOTE = /(?<![A-Za-z0-9])'/;

/**
 * What must not start a line: whitespace (indented code, a line of spaces is blank, paragraph
 * trimming), `#` headings, `>` quotes, `-` `+` and `1.` `1)` lists, `-` `=` underlines and rules,
 * `:` table delimiters. Read at each line start (sticky).
 */
const BLOCK_START = /[^\S\n]|[#>+\-=:]|\d+[.)]/y;

/** Whitespace, which must not end a line either: two spaces or more are a hard break, one is trimmed. */
const BLANK = /\s/;

/** markdown-it's escaping of text (& < > "), for a paragraph holding & or >. */
function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The fast path: the HTML markdown-it would make of a body that is only plain paragraphs, or
 * undefined when the body holds anything markdown-it could act on (then markdown-it must render
 * it). markdown-it builds tokens for every line and runs every rule on them; for plain prose that
 * comes down to `<p>…</p>\n` per run of non-empty lines, line breaks kept, `'` made ’.
 * tests/fastpath-body.test.ts holds it to markdown-it's output.
 */
export function plainParagraphsHtml(markdown: string): string | undefined {
  if (SYNTAX_CHAR.test(markdown) || TYPOGRAPHER.test(markdown)) return undefined;
  if (markdown.includes("(") && TYPOGRAPHER_ABBR.test(markdown)) return undefined;
  const ampersand = markdown.includes("&");
  if (ampersand && ENTITY_START.test(markdown)) return undefined;
  const apostrophe = markdown.includes("'");
  if (apostrophe && QUOTE.test(markdown)) return undefined;
  const escape = ampersand || markdown.includes(">");
  let html = "";
  let from = -1; // start of the paragraph being read, if any
  let to = 0; // end of its last line so far
  for (let at = 0; at <= markdown.length; ) {
    let end = markdown.indexOf("\n", at);
    if (end === -1) end = markdown.length;
    if (end > at) {
      BLOCK_START.lastIndex = at;
      if (BLOCK_START.test(markdown) || BLANK.test(markdown[end - 1]!)) return undefined;
      if (from < 0) from = at;
      to = end;
    } else if (from >= 0) {
      html += paragraphHtml(markdown.slice(from, to), escape);
      from = -1;
    }
    at = end + 1;
  }
  if (from >= 0) html += paragraphHtml(markdown.slice(from, to), escape);
  return apostrophe ? html.replace(/'/g, "\u2019") : html;
}

/** One paragraph as markdown-it writes it; `escape` false when the body has nothing to escape. */
function paragraphHtml(text: string, escape: boolean): string {
  return `<p>${escape ? escapeText(text) : text}</p>\n`;
}

/**
 * Renders a Markdown body to safe HTML: no raw HTML (so no `<script>`, `on*=` handler, frame,
 * object or embed), and links or images only to relative, http(s), mailto, tel or ftp URLs
 * (plus png/gif/jpeg/webp data: images). Bodies of plain paragraphs, most stories, skip
 * markdown-it (same output, a fraction of the time; see {@link plainParagraphsHtml}).
 *
 * @example renderMarkdown('[x](javascript:alert(1)) "hi"') // "<p>[x](javascript:alert(1)) “hi”</p>\n"
 */
export function renderMarkdown(markdown: string): string {
  return plainParagraphsHtml(markdown) ?? markdownIt().render(markdown);
}

/** markdown-it alone, never the fast path: what tests hold {@link plainParagraphsHtml} to. */
export function renderWithMarkdownIt(markdown: string): string {
  return markdownIt().render(markdown);
}

/** Tags that separate words; other (inline) tags join their text directly. */
const BLOCK_TAG = /<\/?(?:p|br|div|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|table|hr|figure|figcaption)\b[^>]*>/gi;

/** Elements whose content is not text a reader sees. */
const HIDDEN_ELEMENT = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/** The entities our renderers and markdown-it write, plus numeric references. */
const ENTITY = /&(?:(amp|lt|gt|quot|apos|nbsp)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0" };

/** A numeric reference to a code point that cannot be a character becomes U+FFFD, as browsers do. */
function fromCodePoint(n: number): string {
  return n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) || n === 0 ? "\uFFFD" : String.fromCodePoint(n);
}

/** Decodes entities in one pass, so `&amp;lt;` becomes `&lt;`, not `<`. */
function decodeEntities(s: string): string {
  return s.replace(ENTITY, (_, name: string | undefined, dec: string | undefined, hex: string | undefined) =>
    name !== undefined ? (NAMED[name] ?? "") : fromCodePoint(dec !== undefined ? Number(dec) : parseInt(hex ?? "", 16)),
  );
}

/**
 * Plain text of an HTML fragment: tags stripped (block tags leave a space), script/style content
 * dropped, entities decoded, XML-forbidden characters removed, whitespace collapsed.
 *
 * @example htmlToPlainText("<p>Fish &amp; <em>chips</em></p><p>&#x263A;</p>") // "Fish & chips ☺"
 */
export function htmlToPlainText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, "") // comments are not text
    .replace(HIDDEN_ELEMENT, " ")
    .replace(BLOCK_TAG, " ")
    .replace(/<[^>]*>/g, ""); // inline tags: <em>chips</em> stays one word
  return collapseInline(normalizeChars(decodeEntities(text)));
}

/** A paragraph element and its content (ours are never nested). */
const PARAGRAPH = /<p\b[^>]*>([\s\S]*?)<\/p>/gi;

/**
 * Plain text of the first paragraph with any text (a paragraph holding only an image is
 * skipped), or of the whole fragment when it has no `<p>`: the default summary.
 *
 * @example firstParagraphText("<p>One &amp; two.</p>\n<p>Three.</p>") // "One & two."
 */
export function firstParagraphText(html: string): string {
  // Paragraphs are converted one at a time, stopping at the first with text: a story's first
  // usually has it, and converting all of them cost most of this function's time.
  let paragraphs = 0;
  for (const m of html.matchAll(PARAGRAPH)) {
    paragraphs++;
    const text = htmlToPlainText(m[1] ?? "");
    if (text !== "") return text;
  }
  return paragraphs === 0 ? htmlToPlainText(html) : "";
}
