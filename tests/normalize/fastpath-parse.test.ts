/**
 * The short cuts of checking a story give what the long way gives:
 *  - a Markdown body with no `<`, `](` or `]:` is not rendered to be checked (assembleStory): the
 *    sanitizer could remove nothing from it, for bodies rich in tags, entities, escapes,
 *    %-escapes and script URLs, plain or cut up with tabs and newlines;
 *  - front matter is only searched for control characters when a cheap pre-filter says it may
 *    hold one: every character the search looks for must still be found.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assembleStory } from "../../src/normalize/story.js";
import { renderMarkdownChecked } from "../../src/normalize/body.js";
import { parseText } from "../../src/ingest/parse.js";
import { testConfig } from "../support/config.js";

const SCALE = Number(process.env.PROPERTY_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

const config = testConfig({ siteUrl: "https://wire.example.org/", timeZone: "Europe/Paris" });

/** The sanitizer's warnings for a body, rendered whatever it holds: the long way. */
const longWay = (body: string, linesBefore: number) => renderMarkdownChecked(body, linesBefore).findings;

const FRONT = "---\ntitle: T\npublished: 2026-11-20T09:15:00Z\ncopyright: C\ncredit: W\n---\n";
const removalsOf = (text: string) => assembleStory(parseText(text, "markdown"), { file: "a.md", mtime: new Date(0) }, config).findings
  .filter((f) => f.rule === "unsafe-html-removed");

/** Prose, mostly: the short cut is taken only when none of the pieces below is there. */
const WORDS = ["the", "council", "said", "at", "note", "T", "t", "R", "D", " ", " ", " ", "\n", "\n\n", "“quoted”", "10"];

/** What the sanitizer removes, and what an old pattern list looked for, whole and in parts, encoded and cut up. */
const PIECES = [
  "\t", "\r\n", ":", "t:", "T:", "=", "](", "[x]: ", "\"", "'", "`", "```\n", "~~~", "<", ">", "</", "<b>", "<!--", "-->", "<script>", "<svg",
  " onload=", "onerror", "<img src=x ", "<https://e.x>", "&", "&amp;", "&lt;", "&#60;", "&#x3C;", "&colon;", "&#58;", "&#106;", "\\", "\\<",
  "\\:", "%", "%3C", "%3c", "%6A", "%3A", "50% ", "javascript", "JavaScript", "JAVASCRIPT", "java\tscript", "java\nscript", "vbscript",
  "VBSCRIPT", "livescript", "LiveScripT", "script:", "alert(1)", "https://x", "R&D", "a&b", "Fish & chips", "10:30", "note:", "at:", "AT:",
];

const mixed = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...WORDS), weight: 6 }, { arbitrary: fc.constantFrom(...PIECES), weight: 1 }), { maxLength: 30 })
  .map((p) => p.join(""));

/** A script URL, its scheme and colon written plainly or encoded in each way a browser might decode. */
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

describe("assembleStory's body check", () => {
  it("finds in a Markdown body exactly what rendering and sanitizing it finds", () => {
    fc.assert(
      fc.property(body, (b) => {
        const text = `${FRONT}${b}x`;
        expect(removalsOf(text)).toEqual(longWay(parseText(text, "markdown").body.replace(/\r\n?/g, "\n"), 6));
      }),
      { numRuns: runs(3000) },
    );
  });

  it("skips nothing it should find: one of each kind", () => {
    const cases = ["<script>x</script>", "see [x](javascript:alert(1))", "[x]\n\n[x]: javascript:alert(1)", "![a](http://x/a.png)", "Fish <span>and</span> chips", "a <!-- b -->"];
    for (const b of cases) expect(removalsOf(`${FRONT}${b}\n`).map((f) => f.rule), b).toEqual(["unsafe-html-removed"]);
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
