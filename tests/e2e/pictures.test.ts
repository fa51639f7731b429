/// <reference lib="dom" />
/**
 * Pictures travel with their credit (#17): front matter `image:` and `images:` through a real
 * build to all three feeds and the HTML views, judged by tools nobody here wrote: xmllint (RSS
 * well-formed, Atom RELAX NG and Schematron), Debian's feedparser (`media_content`,
 * `media_credit`, enclosures), the JSON Feed schema, rss-parser, and Chromium for the views.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { extract } from "@extractus/feed-extractor";
import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { build, type BuildResult } from "../../src/build/build.js";
import { MAX_IMAGES, validateFrontMatter } from "../../src/normalize/front-matter.js";
import { parseText } from "../../src/ingest/parse.js";
import { withoutCredit } from "../../src/render/credit.js";
import { renderAll } from "../../src/render/index.js";
import { createFeedServer } from "../../src/serve/server.js";
import type { Picture } from "../../src/model/story.js";
import { NOT_XML_CHAR, SITE_URL, STORIES, fixtureDoc } from "../golden/fixture.js";
import { expectMediaRss, expectValidFeeds } from "../support/judge.js";
import { baseUrl, close, listen } from "../support/http.js";
import { flat, newsboatShows } from "../support/readers.js";
import { testConfig } from "../support/config.js";
import { makeTree } from "../support/tree.js";
import { feedparser, writeTemp, xmlWellFormed } from "../validators.js";

const PICTURES = fileURLToPath(new URL("../fixtures/stories/pictures/", import.meta.url));
const NOW = new Date("2026-11-24T12:00:00Z");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The pictures the fixtures publish, as their front matter gives them (the main one first). */
const HARBOUR = [{
  url: "https://images.example.com/2026/harbour-cranes.jpg",
  caption: "Cranes at “Pier 4” & the container yard, Port Calder, on Friday.",
  alt: "Three container cranes against a grey sky",
  credit: "Jonas Feld / Northwind Photo",
  copyright: "© 2026 Northwind Photo",
  usage_terms: "Editorial use only. No sales.",
  width: 1200, height: 800, type: "image/jpeg", length: 245760,
}];
const REGATTA = [
  { url: "https://images.example.com/2026/regatta-finish.webp", caption: "The winning boat crosses the line.", credit: "Lea Brunner / Lakeside Press", copyright: "© 2026 Lakeside Press", width: 1600, height: 900, type: "image/webp" },
  { url: "https://images.example.com/2026/regatta-crowd.jpg", credit: "Example Agency", copyright: "© 2026 Example Agency" },
];
const BY_TITLE: Record<string, typeof REGATTA> = { "Harbour cranes return after the strike": HARBOUR, "Regatta finishes in a storm": REGATTA };

/** What is printed under a picture: credit, copyright, usage terms. */
const under = (p: { credit: string; copyright: string; usage_terms?: string }) => [p.credit, p.copyright, ...(p.usage_terms ? [p.usage_terms] : [])].join(" · ");
const html = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

describe("pictures from front matter, through a build", () => {
  const root = makeTree({});
  const out = join(root, "out");
  let result: BuildResult;

  beforeAll(async () => {
    const config = testConfig({ siteUrl: "https://news.example.com/", publisher: "Port Calder Courier" });
    result = await build({ config, stories: PICTURES, out, now: NOW, cache: false });
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("a picture without credit or copyright, or not at an https URL, is left out with a warning; its story is published", () => {
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.published).toBe(2);
    const warnings = result.diagnostics.filter((d) => d.file === "regatta-gallery.md").map((d) => [d.rule, d.line, d.message]);
    expect(warnings).toEqual([
      ["image-unattributed", 8, "images[2] (https://images.example.com/2026/regatta-unknown.jpg) has no copyright: the picture is not published; the story is"],
      ["invalid-image", 8, "images[3].url: expected an absolute https URL (the picture is left out)"],
    ]);
    for (const text of ["rss.xml", "atom.xml", "feed.json", "rss.html"].map((f) => readFileSync(join(out, f), "utf8"))) {
      expect(text).not.toContain("regatta-unknown");
      expect(text).not.toContain("regatta-plain-http");
    }
  });

  test("pictures survive the build cache: a warm rebuild after another story changes writes them again", async () => {
    const tree = makeTree({});
    try {
      cpSync(PICTURES, join(tree, "stories"), { recursive: true });
      const config = testConfig({ siteUrl: "https://news.example.com/", publisher: "Port Calder Courier" });
      const opts = { config, stories: join(tree, "stories"), out: join(tree, "out"), now: NOW };
      await build(opts);
      const before = readFileSync(join(tree, "out", "feed.json"), "utf8");
      writeFileSync(join(tree, "stories", "later.md"), "---\ntitle: Later\npublished: 2026-11-22T10:00:00Z\ncredit: Example Wire\ncopyright: © 2026 Example Wire\n---\n\nText.\n");
      const again = await build(opts);
      expect(again.written).toContain("feed.json");
      const json = JSON.parse(readFileSync(join(tree, "out", "feed.json"), "utf8")) as { items: { title: string; _wire: { images?: unknown[] } }[] };
      expect(json.items).toHaveLength(3);
      const old = JSON.parse(before) as typeof json;
      for (const item of old.items) expect(json.items.find((i) => i.title === item.title)?._wire.images).toEqual(item._wire.images);
      expect(json.items.find((i) => i.title === "Regatta finishes in a storm")?._wire.images).toEqual(REGATTA);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  }, 60_000);

  test("the outside validators pass with zero warnings, pictures present", () => {
    expect(xmlWellFormed(join(out, "rss.xml")).output).toBe("");
    const { json } = expectValidFeeds(out); // Atom RELAX NG + Schematron, feedparser not bozo, JSON Feed schema
    expect(json.items.every((i: { image?: string }) => i.image)).toBe(true);
  });

  // The W3C feed validator's Media RSS rules (see expectMediaRss).
  test("Media RSS as the W3C feed validator's rules want it", () => {
    for (const file of ["rss.xml", "atom.xml"]) expect(expectMediaRss(join(out, file)), file).toBe(3);
  });

  for (const file of ["rss.xml", "atom.xml"] as const) {
    test(`feedparser reads every picture of ${file} with its credit, and every copyright is shown`, () => {
      const parsed = feedparser(join(out, file));
      expect(parsed.bozo).toBe(false);
      for (const entry of parsed.entries) {
        const pictures = BY_TITLE[entry.title ?? ""]!;
        expect(entry.mediaContent.map((m) => m.url)).toEqual(pictures.map((p) => p.url));
        expect(entry.mediaContent.map((m) => m.medium)).toEqual(pictures.map(() => "image"));
        pictures.forEach((p, i) => {
          if (p.type) expect(entry.mediaContent[i]?.type).toBe(p.type);
          if (p.width) expect(entry.mediaContent[i]?.width).toBe(String(p.width));
        });
        expect(entry.mediaCredit).toEqual(pictures.map((p) => p.credit));
        // feedparser keeps one media_copyright (the last); each picture's shows under it in the content.
        expect(entry.mediaCopyright).toBe(pictures.at(-1)!.copyright);
        for (const p of pictures) expect(entry.content.join(" ")).toContain(html(under(p)));
      }
      const harbour = parsed.entries.find((e) => e.title?.startsWith("Harbour"))!;
      // The lead picture is an RSS enclosure where its size is known; Atom has none here.
      expect(harbour.enclosures).toEqual(file === "rss.xml" ? [{ href: HARBOUR[0]!.url, length: "245760", type: "image/jpeg" }] : []);
      expect(parsed.entries.find((e) => e.title?.startsWith("Regatta"))!.enclosures).toEqual([]);
    });
  }

  test("JSON Feed: image is the main picture, _wire.images every published one with its attribution", () => {
    const json = JSON.parse(readFileSync(join(out, "feed.json"), "utf8")) as { items: { title: string; image?: string; content_html: string; _wire: { images?: unknown[] } }[] };
    for (const item of json.items) {
      const pictures = BY_TITLE[item.title]!;
      expect(item.image).toBe(pictures[0]!.url);
      expect(item._wire.images).toEqual(pictures);
      for (const p of pictures) expect(item.content_html).toContain(`<span class="wire-picture-credit">${html(under(p))}</span>`);
    }
  });

  test("rss-parser (npm) shows every picture's credit and copyright in the item's content", async () => {
    for (const file of ["rss.xml", "atom.xml"]) {
      const feed = await new Parser().parseString(readFileSync(join(out, file), "utf8"));
      for (const item of feed.items) {
        for (const p of BY_TITLE[item.title ?? ""]!) {
          expect(item.contentSnippet, file).toContain(p.credit);
          expect(item.contentSnippet, file).toContain(p.copyright);
        }
      }
    }
  });

  describe("readers that know no Media RSS show each picture's credit and copyright", () => {
    let server: Server;
    let base = "";
    beforeAll(async () => {
      server = await listen(createFeedServer({ out }));
      base = baseUrl(server);
    });
    afterAll(async () => {
      if (server) await close(server);
    });
    /** Each story's pictures: every credit and copyright in what the reader shows of its item. */
    const expectShown = (reader: string, shown: { title: string; text: string }[]) => {
      expect(shown.map((s) => s.title).sort(), reader).toEqual(Object.keys(BY_TITLE).sort());
      for (const { title, text } of shown) {
        for (const p of BY_TITLE[title]!) for (const part of [p.credit, p.copyright]) expect(flat(text), `${reader}: ${title}`).toContain(part);
      }
    };
    const titles = (json: { items: { id: string; title: string }[] }) => new Map(json.items.map((i) => [i.id, i.title]));

    for (const format of ["rss.xml", "atom.xml"] as const) {
      test(`newsboat (Debian), fetching ${format} over HTTP`, async () => {
        const byId = titles(JSON.parse(readFileSync(join(out, "feed.json"), "utf8")));
        const { shown } = await newsboatShows(`${base}/${format}`, join(root, `newsboat-${format}`));
        expectShown(`newsboat ${format}`, shown.map((s) => ({ title: byId.get(s.id)!, text: s.text })));
      }, 90_000);
    }

    for (const format of ["rss.xml", "atom.xml", "feed.json"] as const) {
      test(`@extractus/feed-extractor (npm), reading ${format} from its URL`, async () => {
        const feed = await extract(`${base}/${format}`, { descriptionMaxLen: 0 });
        expectShown(`feed-extractor ${format}`, (feed.entries ?? []).map((e) => ({ title: e.title ?? "", text: e.description ?? "" })));
      });
    }
  });

  describe("in Chromium, the credit is visible under each picture", () => {
    let browser: Browser;
    let server: Server;
    let xsltServer: Server;
    const xsltOnly = join(root, "xslt-only");

    beforeAll(async () => {
      expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`).toBe(true);
      cpSync(out, xsltOnly, { recursive: true });
      for (const view of ["rss.html", "atom.html"]) rmSync(join(xsltOnly, view));
      server = await listen(createFeedServer({ out }));
      xsltServer = await listen(createFeedServer({ out: xsltOnly }));
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"], headless: true });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      if (server) await close(server);
      if (xsltServer) await close(xsltServer);
    });

    for (const [format, how] of [["rss", "HTML view"], ["atom", "HTML view"], ["rss", "XSLT"], ["atom", "XSLT"]] as const) {
      test(`/${format}.xml (${how})`, async () => {
        const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
        // Offline: the picture files are not fetched; the layout holds their place.
        await page.route("https://images.example.com/**", (route) => route.abort());
        try {
          await page.goto(`${baseUrl(how === "XSLT" ? xsltServer : server)}/${format}.xml`);
          const figures = await page.$$eval("figure.wire-picture", (fs) => fs.map((f) => {
            const img = f.querySelector("img")!.getBoundingClientRect();
            const credit = f.querySelector<HTMLElement>(".wire-picture-credit")!;
            const box = credit.getBoundingClientRect();
            return {
              src: f.querySelector("img")!.getAttribute("src"),
              credit: credit.innerText,
              visible: credit.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && box.width > 0 && box.height > 0,
              below: box.top >= img.bottom - 0.5,
            };
          }));
          const all = [...HARBOUR, ...REGATTA];
          expect(figures.map((f) => f.src).sort()).toEqual(all.map((p) => p.url).sort());
          for (const f of figures) {
            const p = all.find((x) => x.url === f.src)!;
            expect(f.credit).toBe(under(p));
            expect(f.visible, p.url).toBe(true);
            expect(f.below, p.url).toBe(true);
          }
        } finally {
          await page.close();
        }
      }, 60_000);
    }
  });
});

describe("pictures in front matter", () => {
  const validate = (yaml: string) => {
    const parsed = parseText(`---\ntitle: T\n${yaml}\n---\nBody\n`, "markdown");
    expect(parsed.findings).toEqual([]);
    return validateFrontMatter(parsed.data, parsed.keys, "UTC");
  };
  const rules = (r: { findings: { rule: string; severity: string }[] }) => r.findings.map((f) => `${f.severity} ${f.rule}`);
  const ok = "url: https://x.test/a.jpg\n  credit: C\n  copyright: © C";

  test("image: and images: together, the main one first, at their key's line", () => {
    const r = validate(`image:\n  ${ok}\nimages:\n  - url: https://x.test/b.jpg\n    credit: D\n    copyright: © D`);
    expect(r.findings).toEqual([]);
    expect(r.fields.images?.map((p) => p.url)).toEqual(["https://x.test/a.jpg", "https://x.test/b.jpg"]);
  });

  test("a picture that is not valid is a warning and left out; the others stay", () => {
    expect(rules(validate("image: https://x.test/a.jpg"))).toEqual(["warning invalid-image"]);
    expect(rules(validate("images: https://x.test/a.jpg"))).toEqual(["warning invalid-image"]);
    const r = validate(`images:\n  - url: https://x.test/a.jpg\n    credit: C\n    copyright: © C\n    width: big\n  - ${ok.replace(/\n  /g, "\n    ")}\n    captoin: typo`);
    expect(r.findings.map((f) => [f.rule, f.line, f.message])).toEqual([
      ["invalid-image", 3, "images[0].width: expected a whole number (the picture is left out)"],
      ["unknown-field", 3, 'images[1]: unknown field "captoin" (it is ignored); a picture has url, caption, alt, credit, copyright, usage_terms, width, height, length, type'],
    ]);
    expect(r.fields.images).toHaveLength(1);
    expect(rules(validate("image:\n  url: https://x.test/a.jpg\n  credit: C\n  copyright: © C\n  type: text/html"))).toEqual(["warning invalid-image"]);
  });

  test("no credit or no copyright (blank counts): not published, with image-unattributed", () => {
    for (const picture of ["url: https://x.test/a.jpg\n  credit: C", "url: https://x.test/a.jpg\n  copyright: © C", `url: https://x.test/a.jpg\n  credit: "  "\n  copyright: © C`]) {
      const r = validate(`image:\n  ${picture}`);
      expect(rules(r)).toEqual(["warning image-unattributed"]);
      expect(r.fields.images).toBeUndefined();
    }
  });

  test("markup in a caption is text, as in any other field: kept as written, no reason to refuse", () => {
    const r = validate(`image:\n  ${ok}\n  caption: "<script>alert(1)</script>"`);
    expect(rules(r)).toEqual([]);
    expect(r.fields.images?.[0]?.caption).toBe("<script>alert(1)</script>");
  });

  test(`at most ${MAX_IMAGES} pictures`, () => {
    const list = Array.from({ length: MAX_IMAGES + 3 }, (_, i) => `  - url: https://x.test/${i}.jpg\n    credit: C\n    copyright: © C`).join("\n");
    const r = validate(`images:\n${list}`);
    expect(rules(r)).toEqual(["warning too-many-images"]);
    expect(r.fields.images).toHaveLength(MAX_IMAGES);
  });
});

describe("a hostile picture caption or credit is shown, never run", () => {
  const picture: Picture = { url: "https://x.test/a.jpg?x=1&y=\"2\"", caption: `Fish & <chips> "x"`, alt: `a "quoted" <alt>`, credit: "A <B> & C", copyright: "© ]]> D" };
  const story = { ...structuredClone(STORIES[1]!), images: [picture] };
  const out = renderAll({ ...fixtureDoc(), items: [story] }, SITE_URL);

  test("escaped in every format; feedparser reads the credit back as the text it is", () => {
    const json = JSON.parse(out["feed.json"]) as { items: { content_html: string; image: string }[] };
    expect(json.items[0]!.content_html).toContain(
      `<figure class="wire-picture"><img src="https://x.test/a.jpg?x=1&amp;y=&quot;2&quot;" alt="a &quot;quoted&quot; &lt;alt&gt;"><figcaption>Fish &amp; &lt;chips&gt; "x" <span class="wire-picture-credit">A &lt;B&gt; &amp; C · © ]]&gt; D</span></figcaption></figure>`);
    expect(json.items[0]!.image).toBe(picture.url);
    const { dir, paths } = writeTemp(out);
    try {
      for (const name of ["rss.xml", "atom.xml"] as const) {
        expect(xmlWellFormed(paths[name]).output).toBe("");
        const parsed = feedparser(paths[name]);
        expect(parsed.bozo).toBe(false);
        expect(parsed.entries[0]!.mediaCredit).toEqual(["A <B> & C"]);
        expect(parsed.entries[0]!.mediaCopyright).toBe("© ]]> D");
        expect(parsed.entries[0]!.mediaContent[0]!.url).toBe(picture.url);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a body recovered from a feed file comes back without its figures and credit line", () => {
    const json = JSON.parse(out["feed.json"]) as { items: { content_html: string }[] };
    expect(withoutCredit(json.items[0]!.content_html)).toBe(STORIES[1]!.contentHtml.replace(NOT_XML_CHAR, ""));
  });
});
