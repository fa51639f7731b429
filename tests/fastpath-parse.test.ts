/**
 * The short cuts of the body check and of parseText give what the long way gives:
 *  - a body with nothing findUnsafe or findRawHtml could find skips them: the findings must be
 *    what those functions give, for bodies rich in tags, entities, escapes, %-escapes and script
 *    URLs, plain or cut up with tabs and newlines;
 *  - front matter is only searched for control characters when a cheap pre-filter says it may
 *    hold one: every character the search looks for must still be found.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/diagnostics.js";
import { findRawHtml, scanUnsafe } from "../src/normalize/unsafe.js";
import { parseText } from "../src/ingest/parse.js";
import { bodyFindings } from "../src/normalize/story.js";

const SCALE = Number(process.env.PROPERTY_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

/** The findings the body check gave before the short cut: the whole scan for active content first, else raw HTML. */
function longWay(body: string, linesBefore: number): Finding[] {
  const unsafe = scanUnsafe(body, linesBefore);
  return unsafe.length > 0 ? unsafe : findRawHtml(body, linesBefore);
}

/** Prose, mostly: the short cut is taken only when none of the pieces below is there. */
const WORDS = ["the", "council", "said", "at", "note", "T", "t", "R", "D", " ", " ", " ", "\n", "\n\n", "“quoted”", "10"];

/** What findUnsafe and findRawHtml look for, whole and in parts, encoded and cut up. */
const PIECES = [
  "\t", "\r\n", ":", "t:", "T:", "=", "](", "[x]: ", "\"", "'", "`", "```\n", "~~~", "<", ">", "</", "<b>", "<!--", "-->", "<script>", "<svg",
  " onload=", "onerror", "<img src=x ", "<https://e.x>", "&", "&amp;", "&lt;", "&#60;", "&#x3C;", "&colon;", "&#58;", "&#106;", "\\", "\\<",
  "\\:", "%", "%3C", "%3c", "%6A", "%3A", "50% ", "javascript", "JavaScript", "JAVASCRIPT", "java\tscript", "java\nscript", "vbscript",
  "VBSCRIPT", "livescript", "LiveScripT", "script:", "alert(1)", "https://x", "R&D", "a&b", "Fish & chips", "10:30", "note:", "at:", "AT:",
];

const mixed = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...WORDS), weight: 6 }, { arbitrary: fc.constantFrom(...PIECES), weight: 1 }), { maxLength: 30 })
  .map((p) => p.join(""));

/** A script URL, its scheme and colon written plainly or encoded in each way findUnsafe decodes. */
const scriptUrl = fc
  .tuple(
    fc.constantFrom("", "](", "<", "=", "[x]: ", "= \"", " "),
    fc.constantFrom("javascript", "JAVASCRIPT", "vbscripT", "LiveScript", "java\tscript", "&#106;avascript", "&#x6A;avascript", "%6Aavascript", "\\javascript"),
    fc.constantFrom(":", "&#58;", "&colon;", "%3A", "%3a", "\\:", "&#x3A;"),
    fc.constantFrom("alert(1)", " alert", ""),
  )
  .map((parts) => parts.join(""));

const prose = fc.array(fc.constantFrom(...WORDS), { maxLength: 10 }).map((w) => w.join(""));

const body = fc.oneof(mixed, fc.tuple(prose, scriptUrl, prose).map((p) => p.join("")));

/** A story text's findings as far as the body check: parseText's, then the body's. */
function checked(text: string, kind: "markdown" | "raw"): Finding[] {
  const parsed = parseText(text, kind);
  return [...parsed.findings, ...bodyFindings(parsed.body, parsed.bodyLine - 1)];
}

describe("the body check", () => {
  it("finds in a Markdown body exactly what findUnsafe and findRawHtml find", () => {
    fc.assert(
      fc.property(body, (b) => {
        const parsed = parseText(`---\ntitle: T\n---\n${b}`, "markdown");
        expect(checked(`---\ntitle: T\n---\n${b}`, "markdown")).toEqual(longWay(parsed.body, parsed.bodyLine - 1));
      }),
      { numRuns: runs(5000) },
    );
  });

  it("finds in raw text exactly what findUnsafe and findRawHtml find", () => {
    fc.assert(
      fc.property(body, (b) => {
        const parsed = parseText(`Headline\n\n${b}x`, "raw");
        expect(checked(`Headline\n\n${b}x`, "raw")).toEqual(longWay(parsed.body, 0));
      }),
      { numRuns: runs(2000) },
    );
  });

  it("skips nothing it should find: one of each kind", () => {
    const cases: [string, string][] = [
      ["<script>x</script>", "unsafe-html"], ["see [x](javascript:alert(1))", "unsafe-html"], ["JAVASCRIPT:alert(1)", "unsafe-html"],
      ["&#106;avascript:alert(1)", "unsafe-html"], ["%6Aavascript:alert(1)", "unsafe-html"], ["\\<script>", "unsafe-html"],
      ["&lt;script&gt;", "unsafe-html"], ["Fish <b>and</b> chips", "raw-html"], ["a <!-- b", "raw-html"],
    ];
    for (const [b, rule] of cases) expect(checked(`---\ntitle: T\n---\n${b}`, "markdown").map((f) => f.rule), b).toEqual([rule]);
  });
});

describe("parseText's front matter check", () => {
  it("warns of every character YAML or XML refuses in front matter", () => {
    const refused: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      // Lone surrogate halves, and every control character but tab, LF, CR and NEL.
      if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF\uD800-\uDFFF]/.test(ch)) refused.push(ch);
    }
    expect(refused.length).toBe(29 + 6 + 26 + 2048 + 2); // C0 but tab/LF/CR, DEL…U+0084, U+0086…U+009F, surrogates, U+FFFE/F
    for (const ch of refused) {
      const parsed = parseText(`---\ntitle: "a${ch}b"\n---\nBody`, "markdown");
      expect(parsed.findings.map((f) => f.rule), `U+${ch.charCodeAt(0).toString(16)}`).toEqual(["xml-forbidden-char"]);
      expect(parsed.data.title).toBe("ab");
    }
    for (const ok of ["\u0085", "\ud83d\ude00", "é", "\u00a0"]) {
      expect(parseText(`---\ntitle: "a${ok}b"\n---\nBody`, "markdown").findings, JSON.stringify(ok)).toEqual([]);
    }
  });
});
