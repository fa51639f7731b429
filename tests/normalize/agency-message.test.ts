/**
 * A NewsML-G2 newsMessage of several text items is several stories (#16). The fixture,
 * tests/fixtures/agency/messages/city-desk-g2.xml, was written for this project from the public
 * IPTC NewsML-G2 2.33 specification: a message of three text items (an XHTML body each; `by`,
 * `creator`s; `located`, `dateline`; a correction signal with its edNote; English and Dutch) and
 * one picture item, which the first text item links to (`itemMeta/link`). Built for real into
 * all three feeds, judged by the outside validators (xmllint, Debian's feedparser, the JSON Feed
 * schema, the W3C validator's Media RSS rules), and checked by `wirefeed check` as a user runs it.
 */
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { build, type BuildResult } from "../../src/build/build.js";
import { expectMediaRss, expectValidFeeds } from "../support/judge.js";
import { makeTree } from "../support/tree.js";
import { feedparser } from "../validators.js";
import { testConfig } from "../support/config.js";

const FIXTURE = fileURLToPath(new URL("../fixtures/agency/messages/city-desk-g2.xml", import.meta.url));
const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const NOW = new Date("2026-11-24T12:00:00Z");
const SITE = "https://wire.example.org/";
const TEXT = readFileSync(FIXTURE, "utf8");
/** The 1-based line where the newsItem of this guid starts. */
const lineOf = (name: string) => TEXT.split("\n").findIndex((l) => l.includes(`<newsItem guid="urn:newsml:example-wire.com:20261121:${name}"`)) + 1;

const PICTURE = {
  url: "https://images.example-wire.com/2026/11/21/canal-bridge-1800.jpg",
  caption: "The first cyclists cross the reopened swing bridge, Utrecht, on Saturday at dawn.",
  credit: "Tess Dekker / Example Wire Photo",
  copyright: "© 2026 Example Wire Photo",
  usage_terms: "Editorial use only.",
  width: 1800, height: 1200, type: "image/jpeg", length: 456704,
};

/** Each text item as every feed must show it. */
const STORIES = {
  "canal-bridge": {
    title: "Canal bridge reopens a week early",
    body: "The swing bridge over the old canal reopened on Saturday morning",
    authors: ["Noor Bakker"],
    rights: "Copyright 2026 Example Wire. All rights reserved.",
    published: "2026-11-21T06:40:00Z",
    tags: ["Transport", "Urban planning"],
    picture: true,
  },
  "tram-strike": {
    title: "Tram strike called off after overnight talks",
    body: "Trams will run as usual on Monday",
    authors: ["Pieter Jansen", "Lieke Vos"],
    rights: "Copyright 2026 Example Wire. All rights reserved.",
    published: "2026-11-21T06:55:00Z",
    tags: ["Labour"],
    picture: false,
  },
  "library-hours": {
    title: "Bibliotheek gaat ook op zondag open",
    body: "De centrale bibliotheek is vanaf 6 december ook op zondag open",
    authors: ["Sanne de Wit"],
    rights: "Copyright 2026 Example Wire. Alle rechten voorbehouden.",
    published: "2026-11-21T08:05:00Z",
    tags: ["Cultuur"],
    picture: false,
  },
} as const;
type Name = keyof typeof STORIES;
const NAMES = Object.keys(STORIES) as Name[];
const idOf = (name: string) => `newsml-example-wire.com-20261121-${name}`;
const nameOf = (itemId: string | null) => NAMES.find((n) => itemId?.endsWith(`/stories/${idOf(n)}`))!;

function config() {
  return testConfig({ siteUrl: SITE, publisher: "Example Desk", timeZone: "UTC" });
}

describe("a NewsML-G2 message of three text items and a picture, through a build to all three feeds", () => {
  const root = makeTree({});
  const stories = join(root, "stories");
  const out = join(root, "out");
  let result: BuildResult;

  beforeAll(async () => {
    cpSync(FIXTURE, join(stories, "city-desk-g2.xml"));
    result = await build({ config: config(), stories, out, now: NOW, cache: false });
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("each text item is a story, in file order, with no diagnostic; the picture item is not a story", () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.read).toBe(1);
    expect(result.stories.map((s) => s.id)).toEqual(NAMES.map(idOf));
    expect(result.stories.map((s) => [s.item?.index, s.item?.line])).toEqual(NAMES.map((n, i) => [i + 1, lineOf(n)]));
    expect(result.published).toBe(3);
  });

  test("the outside validators pass with zero warnings; the one picture is in Media RSS once", () => {
    const { json } = expectValidFeeds(out);
    expect(json.items).toHaveLength(3);
    for (const file of ["rss.xml", "atom.xml"]) expect(expectMediaRss(join(out, file)), file).toBe(1);
  });

  for (const file of ["rss.xml", "atom.xml"] as const) {
    test(`feedparser reads each item of the message in ${file} with its own body, byline, rights and picture`, () => {
      const parsed = feedparser(join(out, file));
      expect(parsed.entries.map((e) => nameOf(e.id ?? e.link)).sort()).toEqual([...NAMES].sort());
      for (const entry of parsed.entries) {
        const name = nameOf(entry.id ?? entry.link);
        const want = STORIES[name];
        expect(entry.title).toBe(want.title);
        const body = entry.content.join("") || entry.summary || "";
        expect(body, name).toContain(want.body);
        // Not another item's body.
        for (const other of NAMES.filter((n) => n !== name)) expect(body).not.toContain(STORIES[other].body);
        expect(entry.rights).toBe(want.rights);
        expect(entry.authors.length ? entry.authors : [entry.author]).toEqual(want.authors);
        expect(entry.tags).toEqual(expect.arrayContaining([...want.tags]));
        expect(new Date(entry.published!).toISOString().replace(".000", "")).toBe(want.published);
        if (want.picture) {
          expect(entry.mediaContent).toEqual([{ url: PICTURE.url, medium: "image", type: PICTURE.type, filesize: String(PICTURE.length), width: String(PICTURE.width), height: String(PICTURE.height) }]);
          expect(entry.mediaCredit).toEqual([PICTURE.credit]);
          expect(entry.mediaCopyright).toBe(PICTURE.copyright);
        } else {
          expect(entry.mediaContent, name).toEqual([]);
        }
      }
    });
  }

  test("JSON Feed: each item's uri, dateline, language and correction are its own; the picture goes with the item that links to it", () => {
    const json = JSON.parse(readFileSync(join(out, "feed.json"), "utf8")) as { items: { id: string; language?: string; image?: string; content_html: string; _wire: Record<string, unknown> & { source: { uri: string; unmapped?: Record<string, unknown> } } }[] };
    const item = (name: Name) => json.items.find((i) => i.id.endsWith(`/stories/${idOf(name)}`))!;
    for (const name of NAMES) expect(item(name)._wire.source).toMatchObject({ format: "newsml-g2", version: "2.33", uri: `urn:newsml:example-wire.com:20261121:${name}` });
    expect(item("canal-bridge").image).toBe(PICTURE.url);
    expect(item("canal-bridge")._wire.images).toEqual([PICTURE]);
    expect(item("canal-bridge")._wire.dateline).toBe("UTRECHT");
    expect(item("tram-strike").image).toBeUndefined();
    expect(item("tram-strike")._wire.dateline).toBe("ROTTERDAM, Nov 21");
    expect(item("library-hours").language).toBe("nl");
    expect(item("library-hours")._wire.dateline).toBe("LEIDEN");
    expect(item("library-hours")._wire.correction).toBe("Corrects the day the new hours start.");
    // The picture another item publishes is not listed as left out.
    for (const name of NAMES) expect(item(name)._wire.source.unmapped?.otherItems).toBeUndefined();
  });
});

describe("wirefeed check on a message with an item that lacks its rights", () => {
  test("reports that item's problems at their line and column, and only those; build publishes the other two", async () => {
    // The tram strike item loses its rightsInfo: four lines, from its second line on.
    const lines = TEXT.split("\n");
    const at = lineOf("tram-strike");
    expect(lines[at + 1]).toContain("<rightsInfo>");
    lines.splice(at + 1, 4);
    const text = lines.join("\n");
    const root = makeTree({ "stories/city-desk-g2.xml": text });
    try {
      const r = spawnSync(process.execPath, [CLI, "check", "--stories", join(root, "stories")], { cwd: root, encoding: "utf8", timeout: 20_000 });
      expect(r.status).toBe(1);
      const reported = r.stderr.split("\n").filter((l) => / {2}(error|warning) {2}/.test(l));
      expect(reported.length).toBeGreaterThan(0);
      for (const l of reported) {
        const m = /^city-desk-g2\.xml:(\d+):(\d+) {2}error {2}.* {2}\[(missing-copyright|missing-attribution)\]$/.exec(l);
        expect(m, l).not.toBeNull();
        // Inside the tram strike item: after its start, before the picture item's.
        expect(Number(m![1])).toBeGreaterThanOrEqual(at);
        expect(Number(m![1])).toBeLessThan(lineOf("canal-bridge-photo") - 4);
      }
      expect(reported.some((l) => l.endsWith("[missing-copyright]"))).toBe(true);
      const built = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW, cache: false });
      expect(built.stories.map((s) => s.id)).toEqual([idOf("canal-bridge"), idOf("library-hours")]);
      expectValidFeeds(join(root, "out"));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
