/**
 * `renderAll` cleans the text and formats ids and dates once for all three formats
 * (src/render/prepare.ts) instead of once per format. These tests pin what that must not change:
 * the shared path writes exactly what each single-format renderer writes, and a renderer still
 * never fails on data its format does not carry.
 */
import { describe, expect, test } from "vitest";
import { FEED_FORMATS, renderAll, renderAllLines, type FeedDoc } from "../../src/render/index.js";
import { prepare } from "../../src/render/prepare.js";
import { SITE_URL, fixtureDoc } from "../golden/fixture.js";

/** The fixture with every optional feed part set: stylesheet, hub, history, tombstones. */
function fullDoc(): FeedDoc {
  const urls = (page: string) => ({
    rss: `https://news.example.com/${page}/rss.xml`,
    atom: `https://news.example.com/${page}/atom.xml`,
    json: `https://news.example.com/${page}/feed.json`,
  });
  return {
    ...fixtureDoc(),
    stylesheet: "feed.xsl?a=1&b=\u0001<2>",
    hub: "https://hub.example.com/?x=1&y=2",
    history: { archive: true, current: urls("top"), prev: urls("top/1"), next: urls("top/3") },
    deleted: [{ id: "2026-03-01-killed\u0001", when: new Date("2026-03-02T00:00:00Z") }],
  };
}

describe("renderAll prepares once for all formats", () => {
  for (const [name, make] of [["the golden fixture", fixtureDoc], ["every optional part set", fullDoc]] as const) {
    test(`writes what each format writes of the document prepared alone: ${name}`, () => {
      const all = renderAll(make(), SITE_URL);
      for (const [file, format] of Object.entries(FEED_FORMATS)) expect(all[file as keyof typeof all]).toBe(format(prepare(make(), SITE_URL)).join("\n"));
    });
    test(`gives lines that end in one empty line, so each file ends in exactly one newline: ${name}`, () => {
      for (const [file, lines] of Object.entries(renderAllLines(make(), SITE_URL))) {
        expect(lines.at(-1), file).toBe("");
        expect(lines.at(-2), file).not.toBe("");
        expect(renderAll(make(), SITE_URL)[file as keyof ReturnType<typeof renderAll>]).toMatch(/[^\n]\n$/);
      }
    });
  }

  test("leaves the document it is given unchanged", () => {
    const doc = fullDoc();
    const before = structuredClone(doc);
    renderAll(doc, SITE_URL);
    expect(doc).toEqual(before);
  });

  test("a format does not fail on what it does not write", () => {
    // RSS has no tombstones; JSON Feed has no feed-level updated date.
    const badTombstone = { ...fullDoc(), deleted: [{ id: "x", when: new Date("nope") }] };
    expect(() => FEED_FORMATS["rss.xml"](prepare(badTombstone, SITE_URL))).not.toThrow();
    expect(() => FEED_FORMATS["atom.xml"](prepare(badTombstone, SITE_URL))).toThrow(RangeError);
    const badUpdated = { ...fixtureDoc(), updated: new Date("nope") };
    expect(() => FEED_FORMATS["feed.json"](prepare(badUpdated, SITE_URL))).not.toThrow();
    expect(() => FEED_FORMATS["rss.xml"](prepare(badUpdated, SITE_URL))).toThrow(RangeError);
  });
});
