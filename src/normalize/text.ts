import { finding, type Finding } from "../model/diagnostics.js";
import { MAYBE_XML_FORBIDDEN as MAYBE_FORBIDDEN, XML_FORBIDDEN } from "../model/xml-chars.js";

/** A byte-order mark is only noise at the very start; elsewhere U+FEFF is a legal (if odd) character. */
const LEADING_BOM = /^\uFEFF/;

/** CRLF and lone CR are both line breaks in files from Windows and old Mac wire systems. */
const LINE_BREAK = /\r\n?/g;

/** Runs of tabs/spaces after a line's first visible character; U+00A0 and other Unicode spaces are kept on purpose. */
const INNER_BLANKS = /(?<=[^ \t\n])(?:[ \t]{2,}|\t)/g;

/** Spaces and tabs before a line end carry nothing (and break diffs). */
const TRAILING_BLANKS = /[ \t]+$/gm;

/** Where the first forbidden character sits in the original text, and how many there are. */
interface ForbiddenScan {
  count: number;
  line: number;
  column: number;
}

/**
 * Counts XML-forbidden characters and locates the first one, in the text as given (before any
 * change), so the position matches what an editor shows. Columns count code points.
 */
function scanForbidden(s: string): ForbiddenScan | undefined {
  if (!MAYBE_FORBIDDEN.test(s)) return undefined;
  const matches = [...s.matchAll(XML_FORBIDDEN)];
  const first = matches[0];
  if (first === undefined) return undefined;
  const before = s.slice(0, first.index);
  const lines = before.split(/\r\n?|\n/); // count lines as the file has them, before LF normalization
  const lastLine = lines[lines.length - 1] ?? "";
  return { count: matches.length, line: lines.length, column: [...lastLine].length + 1 };
}

/**
 * Removes XML-forbidden characters and a leading BOM, then applies Unicode NFC.
 * Meant for every single field (titles, names, notices), where layout does not matter.
 *
 * @example normalizeChars("\uFEFFCaf\u0065\u0301\u0007") // "Café" (NFC, bell removed)
 */
export function normalizeChars(s: string): string {
  return strip(s, MAYBE_FORBIDDEN.test(s));
}

/** {@link normalizeChars}, told what MAYBE_FORBIDDEN says of `s`: a caller needing that twice scans once. */
function strip(s: string, maybeForbidden: boolean): string {
  const kept = maybeForbidden ? s.replace(XML_FORBIDDEN, "") : s;
  return kept.replace(LEADING_BOM, "").normalize("NFC");
}

/**
 * Cleans a whole text (a raw story or a body): removes XML-forbidden characters and a leading BOM,
 * turns CRLF/CR into LF, applies NFC, collapses tabs and space runs inside lines to one space and
 * trims spaces at line ends. Leading indentation and U+00A0 (and other Unicode spaces) are kept.
 *
 * Reports one `xml-forbidden-char` warning for all removed characters, placed at the first one.
 *
 * @param line lines before `s` in its file (default 0): a body starting on file line 5 passes 4,
 *   so the finding points into the whole file.
 * @param tidy collapse space runs and trim line ends (default true); Markdown passes false, since
 *   spaces are its syntax there (code blocks, two-space hard breaks).
 * @example cleanText("a\u0000b  c\r\n").text // "ab c\n"
 */
export function cleanText(s: string, line = 0, tidy = true): { text: string; findings: Finding[] } {
  // Each whole-text regex pass costs microseconds on a story: the pre-filter runs once for both
  // the stripping and the finding, and line breaks are only rewritten when there is a CR.
  const maybeForbidden = MAYBE_FORBIDDEN.test(s);
  const stripped = strip(s, maybeForbidden);
  const lines = stripped.includes("\r") ? stripped.replace(LINE_BREAK, "\n") : stripped;
  const text = tidy ? lines.replace(TRAILING_BLANKS, "").replace(INNER_BLANKS, " ") : lines;
  return { text, findings: maybeForbidden ? forbiddenFindings(s, line) : [] };
}

/**
 * The `xml-forbidden-char` warning {@link cleanText} would give, without cleaning: for checking
 * a text that will only be cleaned if it is rendered.
 */
export function forbiddenFindings(s: string, line = 0): Finding[] {
  const scan = scanForbidden(s);
  if (scan === undefined) return [];
  const what = scan.count === 1 ? "1 character" : `${scan.count} characters`;
  return [finding("warning", "xml-forbidden-char",
    `removed ${what} that XML 1.0 forbids (control characters, U+FFFE/U+FFFF or lone surrogates)`, line + scan.line, scan.column)];
}

/** Line breaks, tabs and space runs; NBSP is left alone inside the text, as in {@link cleanText}. */
const INLINE_BLANKS = /[ \t\n\r\f\v\u2028\u2029]+/g;

/**
 * Makes one-line plain text (a headline, a name): whitespace runs become one space, ends trimmed.
 *
 * @example collapseInline("  Fire\n at  the\tdocks ") // "Fire at the docks"
 */
export function collapseInline(s: string): string {
  return s.replace(INLINE_BLANKS, " ").trim();
}
