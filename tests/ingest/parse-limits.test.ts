/** parseText, decode and paragraph repair on hostile input: exact positions, limits, no slow paths. */
import { describe, expect, it } from "vitest";
import { decode } from "../../src/ingest/decode.js";
import { restoreParagraphs } from "../../src/normalize/index.js";
import { PARSE_LIMITS, parseText } from "../../src/ingest/parse.js";

const md = (yaml: string, body = "Body.\n") => parseText(`---\n${yaml}\n---\n${body}`, "markdown");
const rules = (r: { findings: { rule: string }[] }) => r.findings.map((f) => f.rule);

describe("parseText: front matter", () => {
  it("points a YAML error at its own line, and hints at an unquoted colon", () => {
    const r = md("id: a\ntitle: Talks: resume\ncopyright: x");
    expect(r.findings).toMatchObject([{ rule: "yaml-syntax", severity: "error", line: 3 }]);
    expect(r.findings[0]!.message).toContain('must be quoted: title: "…"');
  });

  it("keeps `#` lines inside block scalars (gray-matter stripped them)", () => {
    expect(md("summary: |\n  Line one\n  # not a comment\ntitle: T").data.summary).toBe("Line one\n# not a comment\n");
  });

  it("reads yml and json front matter; refuses code and other languages", () => {
    expect(parseText("---yml\ntitle: a\n---\nB", "markdown").data).toEqual({ title: "a" });
    expect(parseText('---json\n{"title": "a"}\n---\nB', "markdown").data).toEqual({ title: "a" });
    for (const lang of ["js", "JavaScript", "ts", "coffee"]) expect(rules(parseText(`---${lang}\n({})\n---\nB`, "markdown"))).toEqual(["front-matter-code"]);
    expect(rules(parseText("---toml\na = 1\n---\nB", "markdown"))).toEqual(["front-matter-language"]);
  });

  it("needs an opening and a closing line", () => {
    expect(rules(parseText("----\ntitle: a\n---\nB", "markdown"))).toEqual(["missing-front-matter"]);
    expect(rules(parseText("---\ntitle: a\n\nBody", "markdown"))).toEqual(["front-matter-unclosed"]);
    expect(rules(parseText("---\ntitle: a\n--- not a close\nB", "markdown"))).toEqual(["front-matter-unclosed"]);
  });

  it("reads CRLF, CR and a byte-order mark with the same line numbers", () => {
    for (const text of ["---\ntitle: a\nid: b\n---\nBody", "\uFEFF---\r\ntitle: a\r\nid: b\r\n---\r\nBody", "---\rtitle: a\rid: b\r---\rBody"]) {
      const r = parseText(text, "markdown");
      expect(r.findings).toEqual([]);
      expect(r.data).toEqual({ title: "a", id: "b" });
      expect(r.keys.get("id")).toEqual({ line: 3, column: 1 });
      expect(r.bodyLine).toBe(5);
      expect(r.body).toBe("Body");
    }
  });

  it("removes control characters from front matter with a warning, instead of failing YAML", () => {
    const r = md("id: a\ntitle: Bell\u0007 and \u0090 rings");
    expect(r.data.title).toBe("Bell and  rings");
    expect(r.findings).toMatchObject([{ rule: "xml-forbidden-char", severity: "warning", line: 3, column: 12 }]);
  });

  it("stops alias bombs, deep nesting and huge front matter at their limits", () => {
    const lol = ['l0: &l0 "lol"', ...Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(", ")}]`)];
    expect(rules(md(lol.join("\n")))).toEqual(["front-matter-aliases"]);
    // A long string aliased into a mapping key is copied by js-yaml: the alias count stops it first.
    expect(rules(md(`a: &a "${"x".repeat(1000)}"\n? [${Array(5000).fill("*a").join(",")}]\n: 1`))).toEqual(["front-matter-aliases"]);
    expect(rules(md(`a: &a [${Array(2000).fill(1).join(",")}]\nb: [${Array(15).fill("*a").join(",")}]`))).toEqual(["front-matter-too-large"]);
    expect(rules(md(`categories: ${"[".repeat(10_000)}x${"]".repeat(10_000)}`))).toEqual(["front-matter-too-deep"]);
    expect(rules(md(`c: ${"{a: ".repeat(PARSE_LIMITS.frontMatterDepth + 2)}1${"}".repeat(PARSE_LIMITS.frontMatterDepth + 2)}`))).toEqual(["front-matter-too-deep"]);
    expect(rules(md(`summary: "${"x".repeat(PARSE_LIMITS.frontMatterLength)}"`))).toEqual(["front-matter-too-large"]);
    // Some aliases are fine.
    expect(md("a: &a x\nb: *a").data).toEqual({ a: "x", b: "x" });
  });

  it("never shares or pollutes objects", () => {
    const r = md("__proto__: { polluted: yes }\ntitle: a");
    expect(Object.keys(r.data)).toContain("__proto__");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("parseText: whole files", () => {
  it("calls an empty or blank file empty, in both kinds", () => {
    for (const text of ["", "\uFEFF", " \n\t\n"]) {
      expect(rules(parseText(text, "markdown"))).toEqual(["empty-file"]);
      expect(rules(parseText(text, "raw"))).toEqual(["empty-file"]);
    }
  });

  it("reads a 1 MB line, and leaves the body to the sanitizer", () => {
    const long = "a".repeat(1024 * 1024);
    expect(rules(parseText(`Head\n\n${long}\n`, "raw"))).toEqual([]);
    expect(rules(md("title: a", `${long}\n`))).toEqual([]);
    expect(rules(md("title: a", "\nOne.\n\n<script>x</script>\n"))).toEqual([]);
    expect(rules(parseText("Head\n\n<iframe src=x>\n", "raw"))).toEqual([]);
  });
});

describe("decode", () => {
  it("reads a UTF-8 file holding a stray Windows-1252 byte without mojibake", () => {
    const bytes = Buffer.concat([Buffer.from("café "), Buffer.from([0x93]), Buffer.from("ok"), Buffer.from([0x94]), Buffer.from(" — ünï")]);
    const r = decode(bytes);
    expect(r.text).toBe("café “ok” — ünï");
    expect(r.findings).toMatchObject([{ rule: "not-utf8", severity: "warning", line: 1, column: 6 }]);
  });

  it("reads overlong forms and encoded surrogates as Windows-1252, never as the characters they hide", () => {
    expect(decode(Buffer.from([0x61, 0xc0, 0xbc, 0x62])).text).toBe("aÀ¼b");
    expect(decode(Buffer.from([0xed, 0xa0, 0x80])).text).toBe("í\u00a0€");
  });

  it("refuses UTF-32", () => {
    expect(decode(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0])).findings).toMatchObject([{ rule: "unsupported-encoding", severity: "error" }]);
    expect(decode(Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x61])).findings).toMatchObject([{ rule: "unsupported-encoding" }]);
  });
});

describe("paragraph repair on long text", () => {
  it("is linear: a 400,000-character paragraph takes well under seconds", () => {
    const text = "The U.N. said it.Then Mr. Smith went on.See https://a.example/x.y and more ".repeat(5_300);
    const started = performance.now();
    const paragraphs = restoreParagraphs(text);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(paragraphs.length).toBeGreaterThan(1);
  });
});
