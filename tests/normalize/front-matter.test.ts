import { describe, expect, it } from "vitest";
import { nearest, validateFrontMatter } from "../../src/normalize/front-matter.js";
import { bodyOf, parseText } from "../../src/ingest/parse.js";

const validate = (yaml: string, zone = "UTC") => {
  const parsed = parseText(`---\n${yaml}\n---\nBody\n`, "markdown");
  expect(parsed.findings).toEqual([]);
  return validateFrontMatter(parsed.data, parsed.keys, zone);
};

describe("validateFrontMatter", () => {
  it("converts dates in the zone, lists, and keeps text", () => {
    const { fields, findings } = validate([
      "title: Talks resume", "published: 2026-11-20T09:15:00", "byline: By A. Writer", "categories: [World, 2026]",
      "version: 2", "status: withheld", "link: https://x.test/a",
    ].join("\n"), "Europe/Paris");
    expect(findings).toEqual([]);
    expect(fields.published?.toISOString()).toBe("2026-11-20T08:15:00.000Z");
    expect(fields.byline).toEqual(["By A. Writer"]);
    expect(fields.categories).toEqual(["World", "2026"]);
    expect(fields).toMatchObject({ version: 2, status: "withheld", link: "https://x.test/a" });
  });
  it("reports every bad field at its own line, with a rule per field", () => {
    const { findings } = validate([
      "title: ''", "published: 2024-02-30", "id: ../etc", "status: dead", "version: 1.5", "link: /relative", "embargo: tomorrow",
    ].join("\n"));
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ["invalid-title", 2], ["invalid-published", 3], ["invalid-id", 4], ["invalid-status", 5],
      ["invalid-version", 6], ["invalid-link", 7], ["invalid-embargo", 8],
    ]);
    expect(findings.every((f) => f.severity === "error")).toBe(true);
  });
  it("warns on an unknown field and names the nearest known one", () => {
    const { findings } = validate("title: T\ncopyrite: x");
    expect(findings).toMatchObject([{ severity: "warning", rule: "unknown-field", line: 3 }]);
    expect(findings[0]!.message).toContain('did you mean "copyright"');
  });
  it("suggests only near names", () => {
    expect(nearest("bylines")).toBe("byline");
    expect(nearest("catgories")).toBe("categories");
    expect(nearest("zzzzzzzz")).toBeUndefined();
  });
});

describe("parseText", () => {
  it("reports YAML syntax errors at the file's line and column", () => {
    const r = parseText("---\ntitle: ok\nbyline: [unclosed\n---\nBody", "markdown");
    expect(r.findings).toMatchObject([{ severity: "error", rule: "yaml-syntax" }]);
    expect(r.findings[0]!.line).toBeGreaterThanOrEqual(3);
  });
  it("never runs front matter written as code", async () => {
    for (const lang of ["js", "javascript"]) {
      const r = parseText(`---${lang}\n{ title: (globalThis.__ran = true, "x") }\n---\nBody`, "markdown");
      expect(r.findings).toMatchObject([{ severity: "error", rule: "front-matter-code" }]);
    }
    expect((globalThis as Record<string, unknown>).__ran).toBeUndefined();
  });
  it("refuses front matter languages it does not read", () => {
    expect(parseText("---toml\ntitle = 'x'\n---\nBody", "markdown").findings).toMatchObject([{ rule: "front-matter-language" }]);
  });
  it("requires front matter in Markdown, and finds where the body starts", () => {
    expect(parseText("Just text", "markdown").findings).toMatchObject([{ rule: "missing-front-matter" }]);
    const r = parseText("---\ntitle: a\nid: b\n---\nBody", "markdown");
    expect(r.bodyLine).toBe(5);
    expect(r.keys.get("id")).toEqual({ line: 3, column: 1 });
  });
  it("does not share parsed objects between calls", () => {
    const a = parseText("---\ntitle: same\n---\n", "markdown");
    (a.data as Record<string, unknown>).title = "changed";
    expect(parseText("---\ntitle: same\n---\n", "markdown").data.title).toBe("same");
  });
  it("ends the front matter where gray-matter does, at the first line starting with ---, which must hold nothing else", () => {
    const r = parseText("---\ntitle: a\n---  \nBody\n--- not front matter\n", "markdown");
    expect(r.data).toEqual({ title: "a" });
    expect(r.body).toBe("Body\n--- not front matter\n");
    expect(r.bodyLine).toBe(4);
    expect(bodyOf("---\ntitle: a\n---  \nBody\n", "markdown")).toBe("Body\n");
    expect(parseText("---\ntitle: a\n---b\ntitle: c\n---\nBody", "markdown").findings).toMatchObject([{ rule: "front-matter-unclosed" }]);
  });
  it("hands gray-matter the engine its full table gives each spelling, odd ones included", () => {
    // One engine per call (#20), found as gray-matter finds it: the name as written, then its alias.
    expect(parseText("---yAmL\ntitle: a\n---\nB", "markdown").data).toEqual({ title: "a" });
    expect(parseText("--- yml \ntitle: a\n---\nB", "markdown").data).toEqual({ title: "a" });
    // A spelling the table lacks and gray-matter does not alias is not read, as before.
    expect(parseText("---jSoN\ntitle: a\n---\nB", "markdown").findings).toMatchObject([{ rule: "front-matter", message: expect.stringContaining('"jSoN" is not registered') }]);
    expect(parseText("---Cson\ntitle: a\n---\nB", "markdown").findings).toMatchObject([{ rule: "front-matter-code" }]);
  });
  it("finds where the body starts, so it can be cut again without reading the front matter", () => {
    const texts = [
      "---\ntitle: a\n---  \nBody\n--- not front matter\n", "---\ntitle: a\n---\n\n\nBody", "\ufeff---yaml\r\ntitle: a\r\n---\r\nBody\r\n",
      "---\ntitle: a\n---", "---\ntitle: a\n---\n", "---json\n{\"title\": \"a\"}\n---\r\rBody\r", "---\ntitle: \"é\"\n---\n\u00e9 body \ud83d\ude00\n",
    ];
    for (const text of texts) {
      const parsed = parseText(text, "markdown");
      expect(parsed.findings, JSON.stringify(text)).toEqual([]);
      expect(bodyOf(text, "markdown", parsed.bodyOffset), JSON.stringify(text)).toBe(bodyOf(text, "markdown"));
      expect(bodyOf(text, "markdown", parsed.bodyOffset)).toBe(parsed.body);
    }
  });
  it("lets gray-matter name the language, in any usual spelling, and reads every data language with the same YAML reader", () => {
    for (const lang of ["", "yaml", "YAML", "yml", "json", "Json"]) {
      expect(parseText(`---${lang}\n{"title": "a"}\n---\nB`, "markdown").data, lang).toEqual({ title: "a" });
    }
    expect(parseText("---JS\n{ title: 'x' }\n---\nB", "markdown").findings).toMatchObject([{ rule: "front-matter-code" }]);
  });
  it("leaves dates as strings for zone-aware parsing", () => {
    expect(parseText("---\npublished: 2026-11-20T09:15:00\n---\n", "markdown").data.published).toBe("2026-11-20T09:15:00");
  });
});
