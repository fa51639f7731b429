/**
 * Pictures that come with agency stories (#17): ninjs 1.x and 2.x `associations` of type
 * picture and NewsML-G2 picture items, mapped into the same picture model as front matter's
 * `image:`, built for real into all three feeds and judged by the outside validators
 * (xmllint, Debian's feedparser, the JSON Feed schema) and the W3C validator's Media RSS rules.
 * The fixtures in tests/fixtures/agency/pictures/ are written here from the public IPTC ninjs
 * schemas and examples (1.x renditions by name with `mimetype`, 2.x lists with `contenttype`)
 * and the NewsML-G2 2.33 picture items (`remoteContent`, `rightsInfo`, `creator`, `creditline`).
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { build, type BuildResult } from "../../src/build/build.js";
import { validateFrontMatter } from "../../src/normalize/front-matter.js";
import { parseNewsml, parseNinjs } from "../../src/normalize/agency/index.js";
import { expectMediaRss, expectValidFeeds } from "../support/judge.js";
import { makeTree } from "../support/tree.js";
import { testConfig } from "../support/config.js";
import { feedparser } from "../validators.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/agency/pictures/", import.meta.url));
const NOW = new Date("2026-11-24T12:00:00Z");

/** Each fixture's story, the one picture it publishes, and the one it must not. */
const STORIES = {
  "quay-ninjs1.json": {
    title: "Quay wall repairs start in Antwerp",
    picture: {
      url: "https://images.example-wire.com/2026/11/21/quay-divers-1280.jpg",
      caption: "Two divers go down beside the cracked quay wall, Antwerp, on Saturday.",
      credit: "Sofie Maes / Example Wire Photo",
      copyright: "© 2026 Example Wire Photo",
      usage_terms: "Editorial use only.",
      width: 1280, height: 853, type: "image/jpeg", length: 301456,
    },
    unattributed: { url: "quay-reader-1024.jpg", line: 30, lacks: "credit and copyright" },
  },
  "locks-ninjs2.json": {
    title: "Sea locks reopen after the storm",
    picture: {
      url: "https://images.example-wire.com/2026/11/21/locks-queue-1500.webp",
      caption: "Cargo ships wait to enter the sea locks, IJmuiden, on Saturday at dawn.",
      credit: "Daan Visser / Harbour Pictures",
      copyright: "© 2026 Harbour Pictures",
      usage_terms: "No sales. No archiving.",
      width: 1500, height: 1000, type: "image/webp", length: 198400,
    },
    unattributed: { url: "locks-gate-1500.jpg", line: 34, lacks: "copyright" },
  },
  "ferry-g2.xml": {
    title: "Night ferry returns to the Hook after engine fault",
    picture: {
      url: "https://images.example-wire.com/2026/11/21/ferry-quay-2000.jpg",
      caption: "The night ferry back at its quay, Hook of Holland, shortly after midnight.",
      credit: "Ruben Smit / North Sea Images",
      copyright: "© 2026 North Sea Images",
      usage_terms: "Editorial use only. Credit required.",
      width: 2000, height: 1333, type: "image/jpeg", length: 523100,
    },
    unattributed: { url: "ferry-deck-1200.jpg", line: 59, lacks: "credit" },
  },
} as const;
type File = keyof typeof STORIES;
const FILES = Object.keys(STORIES) as File[];
const byTitle = (title: string | null | undefined) => Object.values(STORIES).find((s) => s.title === title)!;

describe("agency pictures, through a build to all three feeds", () => {
  const root = makeTree({});
  const out = join(root, "out");
  let result: BuildResult;

  beforeAll(async () => {
    const config = testConfig({ siteUrl: "https://wire.example.org/", publisher: "Example Desk", timeZone: "UTC" });
    result = await build({ config, stories: FIXTURES, out, now: NOW, cache: false });
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("a picture without a credit or a copyright is left out with a warning at it; every story is published", () => {
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.published).toBe(3);
    for (const file of FILES) {
      const { unattributed } = STORIES[file];
      expect(result.diagnostics.filter((d) => d.file === file).map((d) => [d.rule, d.line, d.message]), file).toEqual([
        ["image-unattributed", unattributed.line, `images[1] (https://images.example-wire.com/2026/11/21/${unattributed.url}) has no ${unattributed.lacks}: the picture is not published; the story is`],
      ]);
    }
    // Not in any output, _wire.source included.
    for (const text of ["rss.xml", "atom.xml", "feed.json", "rss.html"].map((f) => readFileSync(join(out, f), "utf8"))) {
      for (const file of FILES) expect(text).not.toContain(STORIES[file].unattributed.url);
    }
  });

  test("the outside validators pass with zero warnings, and Media RSS follows the W3C validator's rules", () => {
    const { json } = expectValidFeeds(out); // RSS well-formed, Atom RELAX NG + Schematron, feedparser not bozo, JSON Feed schema
    expect(json.items).toHaveLength(3);
    for (const file of ["rss.xml", "atom.xml"]) expect(expectMediaRss(join(out, file)), file).toBe(3);
  });

  for (const file of ["rss.xml", "atom.xml"] as const) {
    test(`feedparser reads each story's picture in ${file}: media:content, media:credit, media:copyright`, () => {
      const parsed = feedparser(join(out, file));
      expect(parsed.entries).toHaveLength(3);
      for (const entry of parsed.entries) {
        const { picture } = byTitle(entry.title);
        expect(entry.mediaContent, entry.title ?? "").toEqual([{
          url: picture.url, medium: "image", type: picture.type, filesize: String(picture.length),
          width: String(picture.width), height: String(picture.height),
        }]);
        expect(entry.mediaCredit).toEqual([picture.credit]);
        expect(entry.mediaCopyright).toBe(picture.copyright);
        // The story's own attribution is unchanged.
        expect(entry.rights).toBe("Copyright 2026 Example Wire. All rights reserved.");
        // The main picture is an RSS enclosure, its size being known.
        expect(entry.enclosures).toEqual(file === "rss.xml" ? [{ href: picture.url, length: String(picture.length), type: picture.type }] : []);
      }
    });
  }

  test("JSON Feed: image is the picture, _wire.images the picture with its attribution; other media stay in _wire.source", () => {
    const json = JSON.parse(readFileSync(join(out, "feed.json"), "utf8")) as { items: { title: string; image?: string; _wire: { images?: unknown[]; source: { unmapped?: Record<string, unknown> } } }[] };
    for (const item of json.items) {
      const { picture } = byTitle(item.title);
      expect(item.image).toBe(picture.url);
      expect(item._wire.images).toEqual([picture]);
    }
    const unmapped = (title: string) => json.items.find((i) => i.title === title)!._wire.source.unmapped;
    expect(unmapped(STORIES["quay-ninjs1.json"].title)).toEqual({ associations: { map: { uri: "urn:newsml:example-wire.com:20261121:quay-wall-map", type: "graphic", headline: "Where the wall cracked" } } });
    expect(unmapped(STORIES["locks-ninjs2.json"].title)).toEqual({ associations: [{ name: "video", uri: "urn:newsml:example-wire.com:20261121:sea-locks-video", type: "video", headlines: [{ value: "The locks reopen" }] }] });
    expect(unmapped(STORIES["ferry-g2.xml"].title)).toEqual({ otherItems: [{ guid: "urn:newsml:example-wire.com:20261121:night-ferry-route", itemClass: "graphic" }] });
  });
});

describe("which picture, and which rendition, an agency file gives", () => {
  const ninjs2 = (associations: unknown[]) => parseNinjs(JSON.stringify({
    uri: "urn:x:story", type: "text", headlines: [{ value: "A story" }], bodies: [{ value: "<p>Text.</p>" }], associations,
  }, null, 2));
  const rendition = (href: string, width?: number, height?: number, extra: object = {}) => ({ href, contenttype: "image/jpeg", ...(width ? { width, height } : {}), ...extra });
  const rights = { by: "A. Photographer", copyrightholder: "Photo Agency", copyrightnotice: "© 2026 Photo Agency" };

  test("the largest rendition at an https URL, never a larger one at http", () => {
    const parsed = ninjs2([{ type: "picture", ...rights, renditions: [
      rendition("https://img.example.com/small.jpg", 300, 200),
      rendition("http://img.example.com/huge.jpg", 6000, 4000),
      rendition("https://img.example.com/large.jpg", 1800, 1200),
      rendition("https://img.example.com/medium.jpg", 900, 600),
    ] }]);
    expect(parsed.data.images).toEqual([{ url: "https://img.example.com/large.jpg", credit: "A. Photographer / Photo Agency", copyright: "© 2026 Photo Agency", width: 1800, height: 1200, type: "image/jpeg" }]);
  });

  test("a picture with no https rendition is left out with invalid-image, at the association", () => {
    const parsed = ninjs2([{ name: "lead", type: "picture", ...rights, renditions: [rendition("http://img.example.com/a.jpg", 800, 600)] }]);
    expect(parsed.data.images).toBeUndefined();
    expect(parsed.findings.map((f) => [f.rule, f.line, f.message])).toEqual([
      ["invalid-image", 16, `the picture "lead" (associations) has no rendition at an https URL (only http://img.example.com/a.jpg): it is left out`],
    ]);
  });

  test("a picture's notice is made from its holder, with the warning a story gets", () => {
    const parsed = ninjs2([{ name: "lead", type: "picture", by: "A. Photographer", copyrightholder: "Photo Agency", renditions: [rendition("https://img.example.com/a.jpg")] }]);
    expect(parsed.data.images).toEqual([{ url: "https://img.example.com/a.jpg", credit: "A. Photographer / Photo Agency", copyright: "© Photo Agency", type: "image/jpeg" }]);
    expect(parsed.findings.map((f) => f.rule)).toEqual(["copyright-from-holder"]);
  });

  test("a picture never takes the story's rights: without its own it is unattributed", () => {
    const parsed = parseNinjs(JSON.stringify({
      uri: "urn:x:story", type: "text", headline: "A story", body_html: "<p>Text.</p>", copyrightholder: "Example Wire", copyrightnotice: "© 2026 Example Wire",
      associations: { lead: { type: "picture", renditions: { web: { href: "https://img.example.com/a.jpg", mimetype: "image/jpeg" } } } },
    }));
    expect(parsed.data.images).toEqual([{ url: "https://img.example.com/a.jpg", type: "image/jpeg" }]);
    const { fields, findings } = validateFrontMatter(parsed.data, parsed.keys, "UTC");
    expect(fields.images).toBeUndefined();
    expect(fields.copyright).toBe("© 2026 Example Wire");
    expect(findings.map((f) => f.rule)).toEqual(["image-unattributed"]);
  });

  test("an HTML caption is read as its text; markup in a picture's plain-text field is kept as text, never a refusal, as in any field", () => {
    const html = ninjs2([{ name: "lead", type: "picture", ...rights, descriptions: [{ role: "caption", contenttype: "text/html", value: "<p>Boats <img src=x onerror=alert(1)> at dawn</p>" }], renditions: [rendition("https://img.example.com/a.jpg")] }]);
    expect((html.data.images as { caption: string }[])[0]!.caption).toBe("Boats at dawn");
    const hostile = ninjs2([{ name: "lead", type: "picture", ...rights, by: "A. <script>alert(1)</script>", renditions: [rendition("https://img.example.com/a.jpg")] }]);
    const { fields, findings } = validateFrontMatter(hostile.data, hostile.keys, "UTC");
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(fields.images?.[0]?.credit).toContain("A. <script>alert(1)</script>");
  });

  const g2 = (packageOrLinks: string, pictures: string[]) => parseNewsml(`<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
${packageOrLinks.startsWith("<packageItem") ? packageOrLinks : ""}
<newsItem guid="urn:x:story"><itemMeta><itemClass qcode="ninat:text"/>${packageOrLinks.startsWith("<link") ? packageOrLinks : ""}</itemMeta>
<contentMeta><headline>A story</headline></contentMeta><contentSet><inlineData contenttype="text/plain">Text.</inlineData></contentSet></newsItem>
${pictures.map((g) => `<newsItem guid="urn:x:${g}"><rightsInfo><copyrightHolder><name>Photo Agency</name></copyrightHolder><copyrightNotice>© 2026 Photo Agency</copyrightNotice></rightsInfo>
<itemMeta><itemClass qcode="ninat:picture"/></itemMeta><contentMeta><by>A. Photographer</by></contentMeta>
<contentSet><remoteContent href="https://img.example.com/${g}.jpg" width="1200" height="800" size="1000" contenttype="image/jpeg"/></contentSet></newsItem>`).join("\n")}
</itemSet></newsMessage>`);
  const urls = (p: ReturnType<typeof parseNewsml>) => (p.data.images as { url: string }[] | undefined)?.map((i) => i.url);

  test("G2: the pictures a package groups with the story, in its order; others are not published", () => {
    const parsed = g2(`<packageItem guid="urn:x:pkg"><groupSet root="G1"><group id="G1"><itemRef residref="urn:x:story"/><itemRef residref="urn:x:b"/><itemRef residref="urn:x:a"/></group></groupSet></packageItem>`, ["a", "b", "c"]);
    expect(urls(parsed)).toEqual(["https://img.example.com/b.jpg", "https://img.example.com/a.jpg"]);
    expect(parsed.source?.unmapped).toEqual({ otherItems: [{ guid: "urn:x:c", itemClass: "picture" }] });
    expect((parsed.data.images as object[])[0]).toEqual({ url: "https://img.example.com/b.jpg", credit: "A. Photographer / Photo Agency", copyright: "© 2026 Photo Agency", width: 1200, height: 800, type: "image/jpeg", length: 1000 });
  });

  test("G2: the pictures the text item links to", () => {
    expect(urls(g2(`<link rel="irel:seeAlso" residref="urn:x:c"/>`, ["a", "c"]))).toEqual(["https://img.example.com/c.jpg"]);
  });

  test("G2: with no references at all, every picture item of the message", () => {
    expect(urls(g2("", ["a", "b"]))).toEqual(["https://img.example.com/a.jpg", "https://img.example.com/b.jpg"]);
  });
});
