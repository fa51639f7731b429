/**
 * gray-matter is handed a story's front matter and its closing line only (see `cut` in
 * src/ingest/parse.ts): the data and the body must be what gray-matter gives for the whole text,
 * for every text the cut accepts — closing lines with blanks after `---`, no body, no line
 * break at the end, bodies that hold `---` lines of their own, a language after the opening `---`.
 */
import fc from "fast-check";
import matter from "gray-matter";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { bodyOf, parseText } from "../../src/ingest/parse.js";

const SCALE = Number(process.env.PROPERTY_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

/** gray-matter on the whole text, with js-yaml for the data, and the cut's rule for the blanks after the closing `---`. */
function wholeText(text: string): { data: unknown; body: string } {
  const close = text.indexOf("\n---", 3);
  const eol = text.indexOf("\n", close + 4);
  const rest = text.slice(close + 4, eol === -1 ? text.length : eol);
  const file = matter(text, { engines: { yaml: (s: string) => yaml.load(s) as object } });
  return { data: file.data, body: rest === "" ? file.content : file.content.slice(rest.length + (eol === -1 ? 0 : 1)) };
}

const line = fc.stringMatching(/^[a-z]{1,8}: [A-Za-z0-9 ]{0,12}$/);
const bodyLine = fc.oneof(fc.stringMatching(/^[A-Za-z ,.]{0,30}$/), fc.constantFrom("---", "--- x", "", "----", "# Heading"));
const story = fc.record({
  lang: fc.constantFrom("", "yaml", " yaml", "yml"),
  keys: fc.uniqueArray(line, { minLength: 1, maxLength: 5, selector: (l) => l.slice(0, l.indexOf(":")) }),
  blanks: fc.constantFrom("", " ", "\t", "  \t"),
  body: fc.option(fc.array(bodyLine, { maxLength: 6 }), { nil: undefined }),
  end: fc.constantFrom("", "\n"),
}).map(({ lang, keys, blanks, body, end }) => `---${lang}\n${keys.join("\n")}\n---${blanks}${body === undefined ? "" : `\n${body.join("\n")}${end}`}`);

describe("the front matter cut", () => {
  it("reads the same data and leaves the same body as gray-matter on the whole text", () => {
    fc.assert(fc.property(story, (text) => {
      const parsed = parseText(text, "markdown");
      expect(parsed.findings.filter((f) => f.severity === "error")).toEqual([]);
      const whole = wholeText(text);
      expect(parsed.data).toEqual(whole.data);
      expect(parsed.body).toBe(whole.body);
      expect(text.slice(parsed.bodyOffset)).toBe(whole.body);
      expect(bodyOf(text, "markdown")).toBe(whole.body);
    }), { numRuns: runs(300) });
  });

  it("holds for the edges written out", () => {
    for (const text of ["---\na: 1\n---", "---\na: 1\n---\n", "---\na: 1\n--- \t\nBody\n---\nmore\n", "---yaml\na: 1\n---\n\n\nBody", "---\na: 1\n---\r\nBody"]) {
      const t = text.replace(/\r\n/g, "\n");
      expect(parseText(text, "markdown").body, JSON.stringify(text)).toBe(wholeText(t).body);
    }
  });
});
