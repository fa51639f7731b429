/**
 * The files written beside the feeds for people: the XSL stylesheet, index.html and the HTML
 * views; and the `<?xml-stylesheet?>` line in RSS and Atom. The browser test shows them rendered.
 */
import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config.js";
import { renderAll } from "../../src/render/index.js";
import { escapeHtml, renderIndexHtml } from "../../src/render/page.js";
import { relativeHref, sitePath } from "../../src/model/site-urls.js";
import { siteDoc } from "../../src/plan/plan.js";
import { extraOutputs } from "../../src/render/site.js";
import { FEED_XSL } from "../../src/render/stylesheet.js";
import { SITE_URL, fixtureDoc } from "../golden/fixture.js";
import { feedparser, writeTemp, xmlWellFormed, xmllintAtom } from "../validators.js";
import { testConfig } from "../support/config.js";

function config(extra: Record<string, unknown> = {}): Config {
  return testConfig({ siteUrl: SITE_URL, title: "Desk <feeds> & more", ...extra });
}

/** The fixture feed published at the site's top level (the fixture itself sits in feeds/top/). */
function rootDoc() {
  const doc = fixtureDoc();
  return { ...doc, urls: { rss: `${SITE_URL}rss.xml`, atom: `${SITE_URL}atom.xml`, json: `${SITE_URL}feed.json` } };
}

describe("the stylesheet line in RSS and Atom", () => {
  it("comes right after the XML declaration, and the feeds stay valid", () => {
    const out = renderAll(siteDoc(rootDoc(), config()), SITE_URL);
    for (const name of ["rss.xml", "atom.xml"] as const) {
      expect(out[name].split("\n").slice(0, 2)).toEqual(['<?xml version="1.0" encoding="utf-8"?>', '<?xml-stylesheet type="text/xsl" href="feed.xsl"?>']);
    }
    const { dir, paths } = writeTemp({ ...out, "feed.xsl": FEED_XSL });
    try {
      expect(xmlWellFormed(paths["rss.xml"]).output).toBe("");
      expect(xmlWellFormed(paths["feed.xsl"]).output).toBe("");
      const atom = xmllintAtom(paths["atom.xml"]);
      expect(atom.ok, atom.output).toBe(true);
      for (const path of [paths["rss.xml"], paths["atom.xml"]]) expect(feedparser(path).bozo).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is relative to the feed, so it works on any host, and escaped", () => {
    const doc = rootDoc();
    expect(siteDoc(doc, config()).stylesheet).toBe("feed.xsl");
    expect(siteDoc(fixtureDoc(), config()).stylesheet).toBe("../../feed.xsl"); // feeds/top/rss.xml
    expect(renderAll({ ...doc, stylesheet: 'a"?><x>.xsl' }, SITE_URL)["rss.xml"]).toContain('href="a&quot;?&gt;&lt;x&gt;.xsl"?>');
    // Outside the site (another origin) a browser would not load it: no stylesheet at all.
    expect(siteDoc({ ...doc, urls: { ...doc.urls, rss: "https://cdn.example.org/rss.xml" } }, config()).stylesheet).toBeUndefined();
  });
});

describe("site paths", () => {
  it("are relative to the site and to each other", () => {
    expect(sitePath(`${SITE_URL}categories/world/rss.xml`, SITE_URL)).toBe("categories/world/rss.xml");
    expect(sitePath("https://elsewhere.example/rss.xml", SITE_URL)).toBeUndefined();
    expect(relativeHref("index.html", "categories/world/rss.html")).toBe("categories/world/rss.html");
    expect(relativeHref("categories/world/rss.html", "categories/world/atom.xml")).toBe("atom.xml");
    expect(relativeHref("categories/world/rss.html", "categories/arts/feed.json")).toBe("../arts/feed.json");
  });
});

describe("extraOutputs", () => {
  const docs = [siteDoc(rootDoc(), config())];
  const files = extraOutputs(docs, config());

  it("gives the stylesheet, index.html and an HTML view per XML feed", () => {
    expect([...files.keys()].sort()).toEqual(["atom.html", "feed.xsl", "index.html", "rss.html"]);
    expect(files.get("feed.xsl")).toBe(FEED_XSL);
    const nested = extraOutputs([siteDoc(fixtureDoc(), config())], config());
    expect([...nested.keys()].sort()).toEqual(["feed.xsl", "feeds/top/atom.html", "feeds/top/rss.html", "index.html"]);
    expect(nested.get("index.html")).toContain('href="feeds/top/rss.xml"');
    expect(nested.get("feeds/top/rss.html")).toContain('<a href="feed.json" type="application/feed+json">');
    // Each view offers its own feed's address to copy.
    expect(files.get("rss.html")).toContain(`<code>${SITE_URL}rss.xml</code>`);
    expect(files.get("atom.html")).toContain(`<code>${SITE_URL}atom.xml</code>`);
  });

  it("writes index.html with autodiscovery and subscribe links, escaped, without script", () => {
    const html = files.get("index.html")!;
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    for (const [type, href] of [["application/rss+xml", "rss.xml"], ["application/atom+xml", "atom.xml"], ["application/feed+json", "feed.json"]]) {
      expect(html).toMatch(new RegExp(`<link rel="alternate" type="${type.replace("+", "\\+")}" title="[^"]+" href="${href}">`));
      expect(html).toContain(`<a href="${href}" type="${type}">`);
    }
    expect(html).toContain("<title>Desk &#60;feeds&#62; &#38; more</title>");
    expect(html).toContain(`<a href="rss.html">`);
    expect(html).toContain(`${fixtureDoc().items.length} stories`);
    expect(html).not.toMatch(/<script|javascript:|\son\w+=/i);
  });

  it("renders every story's attribution in the HTML view, escaped", () => {
    const html = files.get("rss.html")!;
    for (const story of fixtureDoc().items) {
      for (const text of [story.title, story.credit, story.copyright, ...story.byline, ...(story.dateline ? [story.dateline] : [])]) {
        expect(html).toContain(escapeHtml(text));
      }
      expect(html).toContain(`datetime="${story.published.toISOString()}"`);
    }
    expect(html).toContain("Fish &#38; Chips &#60;b&#62;");
    expect(html).not.toMatch(/<script|\son\w+=/i);
  });

  it("never links a javascript: URL", () => {
    const doc = rootDoc();
    const evil = { ...doc, items: [{ ...doc.items[0]!, link: "javascript:alert(1)" }] };
    expect(extraOutputs([evil], config()).get("rss.html")).not.toContain("javascript:");
    expect(renderIndexHtml([{ title: "x", urls: { rss: "javascript:alert(1)", atom: "a", json: "j" }, items: 0 }], { title: "t", language: "en" }))
      .not.toContain("javascript:");
  });
});
