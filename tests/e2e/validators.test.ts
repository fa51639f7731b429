/**
 * Our rendered feeds, judged by tools nobody here wrote. Each validator is also shown a broken
 * document first, so a validator that silently accepts everything cannot make these tests pass.
 */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { renderAll } from "../../src/render/index.js";
import { SITE_URL, fixtureDoc } from "../golden/fixture.js";
import { feedparser, jsonFeedSchema, writeTemp, xmlWellFormed, xmllintAtom } from "../validators.js";

const ours = writeTemp(renderAll(fixtureDoc(), SITE_URL));

/** Deliberately broken inputs: the validators must reject every one. */
const broken = writeTemp({
  "control.xml": "<a>\u0001</a>",
  "no-author.xml":
    `<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title>` +
    `<updated>2026-01-01T00:00:00Z</updated><entry><id>urn:y</id><title>t</title>` +
    `<updated>2026-01-01T00:00:00Z</updated><link href="https://x.test/"/></entry></feed>`,
  "unclosed.xml": `<rss version="2.0"><channel><title>t</title></rss>`,
});

afterAll(() => {
  rmSync(ours.dir, { recursive: true, force: true });
  rmSync(broken.dir, { recursive: true, force: true });
});

describe("the validators reject broken documents", () => {
  test("xmllint: a control character is not well-formed", () => {
    expect(xmlWellFormed(broken.paths["control.xml"]).ok).toBe(false);
  });

  test("xmllint: an Atom feed with no author anywhere fails the Schematron rules", () => {
    const result = xmllintAtom(broken.paths["no-author.xml"]);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/must have an atom:author/);
  });

  test("feedparser: an unclosed element is bozo", () => {
    expect(feedparser(broken.paths["unclosed.xml"]).bozo).toBe(true);
  });

  test("ajv: a JSON Feed item without an id or content is invalid", () => {
    const doc = { version: "https://jsonfeed.org/version/1.1", title: "t", items: [{ title: "x" }] };
    expect(jsonFeedSchema(doc).length).toBeGreaterThan(0);
  });

  test("ajv: a date that is not RFC 3339 is invalid", () => {
    const item = { id: "1", content_html: "", date_published: "Tue, 03 Jun 2003 09:39:21 GMT" };
    expect(jsonFeedSchema({ version: "https://jsonfeed.org/version/1.1", title: "t", items: [item] })).not.toEqual([]);
  });
});

describe("our feeds pass every validator", () => {
  test("Atom: RFC 4287 RELAX NG and Schematron, zero errors", () => {
    const result = xmllintAtom(ours.paths["atom.xml"]);
    expect(result.output).not.toMatch(/error|fails/i);
    expect(result.ok).toBe(true);
  });

  test("RSS and Atom are well-formed", () => {
    expect(xmlWellFormed(ours.paths["rss.xml"])).toEqual({ ok: true, output: "" });
    expect(xmlWellFormed(ours.paths["atom.xml"])).toEqual({ ok: true, output: "" });
  });

  test.each(["rss.xml", "atom.xml"] as const)("feedparser reads %s cleanly, with author and rights on every entry", (name) => {
    const parsed = feedparser(ours.paths[name]);
    expect(parsed.bozo_exception).toBeNull();
    expect(parsed.bozo).toBe(false);
    expect(parsed.version).toBe(name === "rss.xml" ? "rss20" : "atom10");
    expect(parsed.entries).toHaveLength(3);
    for (const entry of parsed.entries) {
      expect(entry.author).toBeTruthy();
      expect(entry.rights).toBeTruthy();
    }
  });

  test("JSON Feed 1.1 schema, zero errors", () => {
    const doc: unknown = JSON.parse(renderAll(fixtureDoc(), SITE_URL)["feed.json"]);
    expect(jsonFeedSchema(doc)).toEqual([]);
  });
});
