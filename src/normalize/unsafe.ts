import { finding, positionOf, type Finding } from "../diagnostics.js";

/** A script URL scheme; browsers drop tabs and newlines inside a URL, so those may sit between letters. */
const SCRIPT_SCHEME = ["javascript", "vbscript", "livescript"].map((w) => [...w].join("[\\t\\n\\r]*")).join("|");

/**
 * Active content: what runs or loads something in a reader's browser. Raw HTML is never passed
 * through (it is shown as text), so none of this could run from our output; a story carrying it
 * is refused all the same, because it is either an attack or a paste gone wrong, and because
 * some readers decode RSS text twice. Every pattern is bounded, so no file can make a scan slow.
 */
const ACTIVE: readonly { re: RegExp; what: string }[] = [
  {
    re: /<\/?(?:script|iframe|frame|frameset|object|embed|applet|base|meta|link|style|svg|math|form|template|noscript|portal)(?=[\s/>]|$)/i,
    what: "an active HTML element",
  },
  // An event handler attribute inside something tag-like: <img src=x onerror=…>, even across lines.
  { re: /<[A-Za-z][^<>]{0,2000}?[\s/"'`]on[A-Za-z]{2,30}\s*=/, what: "an event handler attribute (on…=)" },
  // A script URL where a link or attribute value starts: ](javascript:, <javascript:, =javascript:,
  // a reference definition [x]: javascript:…
  { re: new RegExp(`(?:\\]\\(|<|=|^ {0,3}\\[[^\\]\\n]{1,200}\\]:)\\s*(?:["'\`]\\s*)?(?:${SCRIPT_SCHEME}):`, "im"), what: "a script URL (javascript:)" },
  // …or anywhere, glued to its code (javascript:alert(1)); "JavaScript: The Good Parts" is prose.
  { re: new RegExp(`(?<![\\w+.-])(?:${SCRIPT_SCHEME}):(?=\\S)`, "i"), what: "a script URL (javascript:)" },
];

/** Raw HTML (an opening, closing or self-closing tag, or a comment); autolinks like <https://…> are not tags. */
const RAW_TAG = /<\/?[A-Za-z][A-Za-z0-9-]{0,30}(?=[\s/>])[^<>]{0,2000}>|<!--/;

/** Fenced code blocks (and inline code spans) show their text as code: a tag there is meant literally. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Named references that spell markup or URL syntax (HTML has none for plain letters), with the
 * legacy forms browsers still read without a semicolon.
 */
const NAMED: Record<string, string> = {
  lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", colon: ":", lpar: "(", rpar: ")", sol: "/", bsol: "\\",
  equals: "=", tab: "\t", newline: "\n", num: "#", excl: "!", period: ".", lsqb: "[", rsqb: "]", lbrack: "[",
  rbrack: "]", grave: "`", semi: ";", percnt: "%", nbsp: "\u00a0",
};

/** A character reference: decimal, hex, or named; the semicolon optional as browsers allow. */
const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,8}));?/g;

/**
 * Decodes character references and Markdown backslash escapes once, in linear time (markdown-it's
 * own unescapeAll took half a second on a 95,000-character line of `&amp;`).
 */
function unescapeOnce(s: string): string {
  return s
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
      const n = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
      return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : whole;
    });
}

/** Percent-decodes each run of escapes that decodes, so `%6Aavascript:` is read as a browser would read it. */
function decodePercent(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Something a decoder would change: a character reference, a backslash escape, a %-escape. */
const ENCODED = /&[#A-Za-z]|\\[!-/:-@[-`{-~]|%[0-9A-Fa-f]{2}/;

function firstActive(text: string): { index: number; what: string } | undefined {
  let first: { index: number; what: string } | undefined;
  for (const { re, what } of ACTIVE) {
    const m = re.exec(text);
    if (m && (first === undefined || m.index < first.index)) first = { index: m.index, what };
  }
  return first;
}

/**
 * Finds active content (script or other active elements, event handlers, `javascript:` URLs) in a
 * story's body or field: one `unsafe-html` error at the first, which refuses the story. Encoded
 * forms (`&lt;script`, `&#106;avascript:`, `%6Aavascript:`, `\<script`) count too, line by line:
 * a reader that decodes twice would run them.
 *
 * @param line lines before `text` in its file (default 0), so the finding points into the file.
 * @example findUnsafe("[x](javascript:alert(1))")[0]?.rule // "unsafe-html"
 */
export function findUnsafe(text: string, line = 0): Finding[] {
  return couldBeUnsafe(text) ? scanUnsafe(text, line) : [];
}

/** Something the decoder below would change (ENCODED, with any backslash): `&#`, `&name`, `\`, `%XX`. */
const MAYBE_ENCODED = /&[#A-Za-z]|\\|%[0-9A-Fa-f]{2}/;

/**
 * Whether {@link scanUnsafe} could find anything: it needs a `<` (elements, handlers, `<url>`),
 * a script URL, whose scheme (javascript, vbscript, livescript) ends in `t` right before its `:`,
 * or something its decoder would change. Most stories have none of these and skip the scan's
 * five regex passes over the whole text (over half of parsing a story, on the bench corpus).
 * tests/fastpath-parse.test.ts holds the two to the same findings.
 */
function couldBeUnsafe(text: string): boolean {
  if (text.includes("<")) return true;
  if ((text.includes("&") || text.includes("\\") || text.includes("%")) && MAYBE_ENCODED.test(text)) return true;
  for (let i = text.indexOf(":"); i !== -1; i = text.indexOf(":", i + 1)) {
    const before = text.charCodeAt(i - 1);
    if (before === 0x74 || before === 0x54) return true;
  }
  return false;
}

/** {@link findUnsafe} without its pre-check: the whole scan. */
export function scanUnsafe(text: string, line = 0): Finding[] {
  const refuse = (what: string, l: number, column: number) => [finding("error", "unsafe-html",
    `the story holds ${what}: a story that could run code in a reader's browser is refused; remove it`, line + l, column)];
  const hit = firstActive(text);
  if (hit !== undefined) {
    const at = positionOf(text, hit.index);
    return refuse(hit.what, at.line, at.column);
  }
  if (!ENCODED.test(text)) return [];
  const lines = text.split("\n");
  for (const [i, raw] of lines.entries()) {
    if (!ENCODED.test(raw)) continue;
    const decoded = firstActive(decodePercent(unescapeOnce(raw)));
    if (decoded !== undefined) return refuse(`${decoded.what}, encoded`, i + 1, 1);
  }
  return [];
}

/** Blanks inline code spans (a run of n backticks up to the next run of exactly n), in linear time. */
function blankCodeSpans(line: string): string {
  if (!line.includes("`")) return line;
  const runs = [...line.matchAll(/`+/g)].map((m) => ({ at: m.index, len: m[0].length }));
  const byLength = new Map<number, number[]>();
  for (const [i, r] of runs.entries()) {
    const list = byLength.get(r.len);
    if (list) list.push(i);
    else byLength.set(r.len, [i]);
  }
  const cursor = new Map<number, number>();
  let out = "", last = 0;
  for (let i = 0; i < runs.length; ) {
    const open = runs[i]!;
    const same = byLength.get(open.len)!;
    let c = cursor.get(open.len) ?? 0;
    while (c < same.length && same[c]! <= i) c++;
    cursor.set(open.len, c);
    if (c === same.length) {
      i++; // no closer: the backticks are literal
      continue;
    }
    const close = runs[same[c]!]!;
    out += line.slice(last, open.at) + " ".repeat(close.at + close.len - open.at);
    last = close.at + close.len;
    i = same[c]! + 1;
  }
  return out + line.slice(last);
}

/**
 * Finds raw HTML in a body, outside code spans and fenced code blocks: one `raw-html` warning at
 * the first tag, since raw HTML is shown as text, never passed through.
 *
 * @param line lines before `text` in its file (default 0).
 * @example findRawHtml("Fish <b>and</b> chips")[0]?.rule // "raw-html"
 */
export function findRawHtml(text: string, line = 0): Finding[] {
  if (!text.includes("<")) return [];
  const lines = text.split("\n");
  let fence: string | undefined;
  for (const [i, raw] of lines.entries()) {
    const open = FENCE.exec(raw)?.[1];
    if (fence !== undefined) {
      if (open !== undefined && open[0] === fence[0] && open.length >= fence.length) fence = undefined;
      continue;
    }
    if (open !== undefined) {
      fence = open;
      continue;
    }
    const visible = blankCodeSpans(raw);
    const m = RAW_TAG.exec(visible);
    if (m) {
      return [finding("warning", "raw-html", "raw HTML is shown as text, never passed through: write Markdown instead (*emphasis*, [links](https://…))", line + i + 1, m.index + 1)];
    }
  }
  return [];
}
