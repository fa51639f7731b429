import { createRequire } from "node:module";
import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import type { Finding } from "../model/diagnostics.js";
import { escapeMarkup } from "../model/xml-chars.js";
import { removalFindings, sanitizeBodyHtml, type Removal } from "./sanitize.js";
import { collapseInline, normalizeChars } from "./text.js";

/**
 * Wraps plain-text paragraphs as HTML, one `<p>` per paragraph, joined with newlines.
 *
 * @example paragraphsToHtml(["Fish & chips", "<b>"]) // "<p>Fish &amp; chips</p>\n<p>&lt;b&gt;</p>"
 */
export function paragraphsToHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${escapeMarkup(p)}</p>`).join("\n");
}

let shared: MarkdownIt | undefined;

/**
 * One shared instance (building one is the slow part), made on first use: a warm build that
 * renders nothing does not load markdown-it at all. Raw HTML passes through markdown-it and every
 * link is made (`validateLink` says yes): judging both is the sanitizer's job, after rendering
 * (see `sanitizeBodyHtml`), so one allow-list decides and each removal is reported. Bare URLs are
 * not linked; straight quotes become typographic.
 */
function markdownIt(): MarkdownIt {
  if (shared) return shared;
  const Md = createRequire(import.meta.url)("markdown-it") as typeof MarkdownIt;
  const md = new Md({ html: true, linkify: false, typographer: true, quotes: "“”‘’" });
  md.validateLink = () => true;
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
 * raw HTML, sanitized), `|` tables, and `"`, which smartquotes would curl.
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


/**
 * The fast path: the HTML markdown-it would make of a body that is only plain paragraphs, or
 * undefined when the body holds anything markdown-it could act on (then markdown-it must render
 * it). markdown-it builds tokens for every line and runs every rule on them; for plain prose that
 * comes down to `<p>…</p>\n` per run of non-empty lines, line breaks kept, `'` made ’.
 * tests/normalize/fastpath-body.test.ts holds it to markdown-it's output.
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
  // markdown-it's escaping of text (& < > ").
  return `<p>${escape ? escapeMarkup(text, "quoted") : text}</p>\n`;
}

/**
 * Renders a Markdown body to safe HTML: markdown-it's output through the body sanitizer, so no
 * script, handler, frame, object or style, and links only to relative, http(s) and mailto URLs,
 * images only from https. Bodies of plain paragraphs, most stories, skip markdown-it and the
 * sanitizer (same output, a fraction of the time; see {@link plainParagraphsHtml}).
 *
 * @param siteUrl the site's URL: links elsewhere get `rel="nofollow noopener"`.
 * @example renderMarkdown('[x](javascript:alert(1)) "hi"') // "<p><a>x</a> “hi”</p>\n"
 */
export function renderMarkdown(markdown: string, siteUrl?: string): string {
  return plainParagraphsHtml(markdown) ?? renderChecked(markdown, siteUrl).html;
}

/**
 * {@link renderMarkdown} with what the sanitizer removed, as `unsafe-html-removed` warnings at
 * their place in the file (line and column where the HTML was written; the line of the paragraph
 * for a link or image made by Markdown).
 *
 * @param linesBefore lines of the file before the body (default 0).
 */
export function renderMarkdownChecked(markdown: string, linesBefore = 0, siteUrl?: string): { html: string; findings: Finding[] } {
  const fast = plainParagraphsHtml(markdown);
  if (fast !== undefined) return { html: fast, findings: [] };
  const { html, removed, marks } = renderChecked(markdown, siteUrl);
  if (removed.length === 0) return { html, findings: [] };
  const lines = markdown.split("\n");
  return {
    html,
    findings: removalFindings(removed, (offset) => {
      const at = sourcePosition(marks, offset, lines);
      return { line: linesBefore + at.line, column: at.column };
    }),
  };
}

/** markdown-it alone, never the fast path: what tests hold {@link plainParagraphsHtml} to. */
export function renderWithMarkdownIt(markdown: string): string {
  return renderChecked(markdown).html;
}

/** Where a piece of the rendered HTML came from: `at` in the output, `line` (0-based) and `column` (0-based) in the source. */
interface Mark {
  at: number;
  line: number;
  column: number;
  /** The raw HTML markdown-it copied from the source at `line`/`column`, when the piece is one. */
  raw?: string;
}

/**
 * Renders as markdown-it's Renderer.render does (the same rules, in the same order), noting where
 * each piece of output came from in the source, then sanitizes. Linear: one pass over the tokens,
 * each raw piece found in its paragraph by a search that only moves forward.
 */
function renderChecked(markdown: string, siteUrl?: string): { html: string; removed: Removal[]; marks: Mark[] } {
  const md = markdownIt();
  const env = {};
  const tokens = md.parse(markdown, env);
  const renderer = md.renderer;
  const rules = renderer.rules;
  const marks: Mark[] = [];
  let out = "";
  const one = (list: Token[], i: number) => {
    const rule = rules[list[i]!.type];
    out += rule ? rule(list, i, md.options, env, renderer) : renderer.renderToken(list, i, md.options);
  };
  let line = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.map) line = t.map[0];
    if (t.type !== "inline" || !t.children) {
      marks.push(t.type === "html_block" ? { at: out.length, line, column: 0, raw: t.content } : { at: out.length, line, column: 0 });
      one(tokens, i);
      continue;
    }
    const content = t.content;
    let cursor = 0;
    // Offsets asked for only grow, so the line count walks forward once over the paragraph.
    let l = line, start = 0, next = content.indexOf("\n");
    const at = (offset: number): { line: number; column: number } => {
      for (; next !== -1 && next < offset; next = content.indexOf("\n", next + 1)) [l, start] = [l + 1, next + 1];
      return { line: l, column: offset - start };
    };
    let lost = false; // a piece not found: the rest of the paragraph keeps its line, and no search runs past it again
    for (let j = 0; j < t.children.length; j++) {
      const c = t.children[j]!;
      const needle = lost ? undefined : needleOf(c);
      if (needle) {
        const k = content.indexOf(needle, cursor);
        if (k === -1) lost = true;
        else {
          marks.push(c.type === "html_inline" ? { at: out.length, ...at(k), raw: c.content } : { at: out.length, ...at(k) });
          cursor = k + needle.length;
        }
      } else if (lost && c.type === "html_inline") {
        marks.push({ at: out.length, line, column: 0 });
      }
      one(t.children, j);
    }
  }
  const { html, removed } = sanitizeBodyHtml(out, siteUrl);
  return { html, removed, marks };
}

/** What an inline token starts with in its paragraph's source, to find it there: raw HTML is copied as written. */
function needleOf(c: Token): string | undefined {
  switch (c.type) {
    case "html_inline": return c.content;
    case "code_inline": return c.markup;
    case "link_open": return c.markup === "autolink" ? "<" : "[";
    case "image": return "![";
    default: return undefined;
  }
}

/**
 * The 1-based file position (within the body) of output offset `offset`: inside raw HTML, the
 * character it came from; elsewhere the place of the piece it belongs to. The column is found on
 * the source line itself, so indentation and quote markers do not throw it off.
 */
function sourcePosition(marks: readonly Mark[], offset: number, lines: readonly string[]): { line: number; column: number } {
  let lo = 0, hi = marks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (marks[mid]!.at <= offset) lo = mid;
    else hi = mid - 1;
  }
  const m = marks[lo];
  if (m === undefined) return { line: 1, column: 1 };
  let line = m.line, column = m.column;
  if (m.raw !== undefined) {
    const inRaw = Math.max(0, Math.min(offset - m.at, m.raw.length));
    const lineStart = m.raw.lastIndexOf("\n", inRaw - 1) + 1;
    const rawLine = m.raw.slice(lineStart).split("\n", 1)[0]!;
    for (let n = m.raw.indexOf("\n"); n !== -1 && n < lineStart; n = m.raw.indexOf("\n", n + 1)) line++;
    // Where that line of the raw piece stands on its source line, as written.
    const found = rawLine === "" ? -1 : (lines[line] ?? "").indexOf(rawLine);
    column = (found !== -1 ? found : lineStart === 0 ? m.column : 0) + inRaw - lineStart;
  }
  return { line: line + 1, column: column + 1 };
}
