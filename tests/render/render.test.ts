/**
 * Renderer behaviour, judged on PARSED output: feedparser reads the RSS and Atom files as a
 * reader would, xmllint answers XPath questions, JSON.parse reads the JSON Feed. The golden files
 * at the end are the only byte comparisons.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderAll, renderAllLines, type JsonFeed, type RenderedFeed } from "../../src/render/index.js";
import { pushJson } from "../../src/render/json.js";
import { cdata, escapeAttr, escapeCleanAttr, escapeCleanText, escapeText, rfc822 } from "../../src/render/xml.js";
import { NOT_XML_CHAR, SITE_URL, STORIES, fixtureDoc, xmlClean } from "../golden/fixture.js";
import { feedparser, writeTemp, xmlXPath, type ParsedFeed } from "../validators.js";

const GOLDEN = fileURLToPath(new URL("../golden/", import.meta.url));

/** Undoes the HTML escaping of an RSS description, whose value is HTML. */
const unescapeHtml = (s: string | null): string | null =>
  s && s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

const ms = (s: string | null): number => Date.parse(s ?? "");

describe("renderers on the fixed stories", () => {
  const out: RenderedFeed = renderAll(fixtureDoc(), SITE_URL);
  const json = JSON.parse(out["feed.json"]) as JsonFeed;
  let dir = "";
  let paths: Record<keyof RenderedFeed, string>;
  let rss: ParsedFeed;
  let atom: ParsedFeed;

  beforeAll(() => {
    ({ dir, paths } = writeTemp(out));
    rss = feedparser(paths["rss.xml"]);
    atom = feedparser(paths["atom.xml"]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("the same input renders to the same bytes", () => {
    expect(renderAll(fixtureDoc(), SITE_URL)).toEqual(out);
  });

  test("every format has the same ids, in the stories' order", () => {
    const ids = STORIES.map((s) => new URL(`stories/${s.id}`, SITE_URL).href);
    expect(rss.entries.map((e) => e.id)).toEqual(ids);
    expect(atom.entries.map((e) => e.id)).toEqual(ids);
    expect(json.items.map((i) => i.id)).toEqual(ids);
  });

  test("titles read as plain text, markup characters included", () => {
    const titles = STORIES.map((s) => xmlClean(s.title));
    expect(titles[0]).toBe(`Fish & Chips <b> "quoted"`);
    expect(rss.entries.map((e) => e.title)).toEqual(titles);
    expect(atom.entries.map((e) => e.title)).toEqual(titles);
    expect(atom.entries.map((e) => e.titleType)).toEqual(titles.map(() => "text/plain"));
    expect(json.items.map((i) => i.title)).toEqual(titles);
  });

  test("attribution reaches every item in every format", () => {
    for (const [i, story] of STORIES.entries()) {
      for (const parsed of [rss, atom]) {
        const entry = parsed.entries[i];
        expect(entry?.authors).toEqual(story.byline);
        expect(entry?.rights).toBe(story.copyright);
        expect(entry?.source).toBe(story.credit);
        expect(entry?.coverage).toBe(story.dateline ?? null);
      }
      const item = json.items[i];
      expect(item?.authors).toEqual(story.byline.map((name) => ({ name })));
      expect(item?._wire).toEqual({
        byline: story.byline,
        credit: story.credit,
        copyright: story.copyright,
        ...(story.dateline && { dateline: story.dateline }),
        ...(story.usageTerms && { usage_terms: story.usageTerms }),
        version: story.version,
        status: story.status,
      });
    }
  });

  test("RSS names authors only in dc:creator, never in <author>", () => {
    expect(xmlXPath(paths["rss.xml"], "count(//*[local-name()='author'])")).toBe("0");
    expect(xmlXPath(paths["rss.xml"], "count(//*[local-name()='creator'])")).toBe("4");
  });

  test("bodies, summaries and categories survive ]]>, &, < and non-ASCII text", () => {
    for (const [i, story] of STORIES.entries()) {
      // The default template's line, spelled out: "By {byline} · {credit} · {copyright}[ · {usage_terms}]".
      const line = [`By ${story.byline.join(", ")}`, story.credit, story.copyright, ...(story.usageTerms ? [story.usageTerms] : [])].join(" · ");
      const credit = `<p class="wire-credit">${escapeText(line)}</p>`;
      const body = `${xmlClean(story.contentHtml)}\n${credit}`;
      expect(rss.entries[i]?.content).toEqual([body]);
      expect(atom.entries[i]?.content).toEqual([body]);
      expect(json.items[i]?.content_html).toBe(body);

      const summary = xmlClean(story.summary);
      expect(rss.entries[i]?.summary).toBe(`${escapeText(summary)}\n${credit}`);
      expect(atom.entries[i]?.summary).toBe(`${summary}\n${line}`);
      expect(json.items[i]?.summary).toBe(summary);

      expect(rss.entries[i]?.tags).toEqual(story.categories);
      expect(atom.entries[i]?.tags).toEqual(story.categories);
      expect(json.items[i]?.tags).toEqual(story.categories);
    }
    expect(STORIES[0]?.contentHtml.split("]]>").length).toBe(3);
  });

  test("dates: published, and updated falling back to published", () => {
    for (const [i, story] of STORIES.entries()) {
      const updated = (story.updated ?? story.published).getTime();
      expect(ms(rss.entries[i]?.published ?? null)).toBe(story.published.getTime());
      expect(ms(atom.entries[i]?.published ?? null)).toBe(story.published.getTime());
      expect(ms(atom.entries[i]?.updated ?? null)).toBe(updated);
      expect(Date.parse(json.items[i]?.date_published ?? "")).toBe(story.published.getTime());
      expect(Date.parse(json.items[i]?.date_modified ?? "")).toBe(updated);
    }
    // RSS has no per-item updated date of its own: dcterms:modified is written only when set.
    expect(ms(rss.entries[0]?.updated ?? null)).toBe(STORIES[0]?.updated?.getTime());
  });

  test("item language is carried where the format has a place for it", () => {
    expect(atom.entries.map((e) => e.language)).toEqual(["en", "en", "pt-PT"]);
    expect(json.items.map((i) => i.language)).toEqual(["en", undefined, "pt-PT"]);
    expect(Object.keys(json.items[1] ?? {})).not.toContain("language"); // omitted, not null
  });

  test("no XML-forbidden character reaches any file", () => {
    expect(STORIES.some((s) => xmlClean(s.title) !== s.title)).toBe(true); // the fixture has some
    for (const text of Object.values(out)) expect(text.match(NOT_XML_CHAR)).toBeNull();
    // JSON could escape them (\u0001) instead; the text must match the XML formats, so no.
    expect(out["feed.json"]).not.toMatch(/\\u(000[0-8bcBC]|001[0-9a-fA-F]|[dD][89abAB]|[fF]{4})/);
  });

  describe("golden files (UPDATE_GOLDEN=1 rewrites them)", () => {
    for (const name of ["rss.xml", "atom.xml", "feed.json"] as const) {
      test(name, () => {
        const file = `${GOLDEN}${name}`;
        if (process.env.UPDATE_GOLDEN === "1") {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(file, out[name]);
        }
        if (!existsSync(file)) throw new Error(`${file} is missing: run the tests with UPDATE_GOLDEN=1`);
        expect(out[name]).toBe(readFileSync(file, "utf8"));
      });
    }
  });
});

describe("xml primitives", () => {
  test("escapeText escapes markup and drops forbidden characters", () => {
    expect(escapeText("a & b < c > d\u0000\u000B\uFFFE")).toBe("a &amp; b &lt; c &gt; d");
    expect(escapeText("tab\tnewline\n🐟")).toBe("tab\tnewline\n🐟");
    expect(escapeText("\uDC00lone\uD800")).toBe("lone");
  });

  test("escapeAttr also escapes quotes and whitespace that attribute normalization would eat", () => {
    expect(escapeAttr(`"a" 'b'\t\n\r`)).toBe("&quot;a&quot; &apos;b&apos;&#9;&#10;&#13;");
  });

  test("the clean escapes equal a plain one-character-at-a-time escape, for any text", () => {
    const TEXT: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
    const ATTR: Record<string, string> = { ...TEXT, '"': "&quot;", "'": "&apos;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;" };
    const plain = (refs: Record<string, string>) => (s: string) => s.split("").map((c) => refs[c] ?? c).join("");
    // Every character that is escaped, references already escaped, and any other code unit.
    const unit = fc.oneof(
      fc.constantFrom(...Object.keys(ATTR), "&amp;", "&lt;", ";", "a"),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    );
    fc.assert(fc.property(fc.string({ unit, maxLength: 60 }), (s) => {
      expect(escapeCleanText(s)).toBe(plain(TEXT)(s));
      expect(escapeCleanAttr(s)).toBe(plain(ATTR)(s));
    }), { numRuns: 2000 });
  });

  test("cdata splits every ]]>", () => {
    expect(cdata("a]]>b]]>c")).toBe("<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>c]]>");
  });

  test("rfc822 is RSS's GMT date and refuses invalid dates", () => {
    expect(rfc822(new Date("2003-06-03T09:39:21Z"))).toBe("Tue, 03 Jun 2003 09:39:21 GMT");
    expect(() => rfc822(new Date("nope"))).toThrow(RangeError);
  });
});

describe("JSON as lines", () => {
  test("pushJson's lines joined are JSON.stringify(value, null, 2), for any JSON data", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const lines: string[] = [];
      pushJson(lines, "", "", value, "");
      expect(lines.join("\n")).toBe(JSON.stringify(value, null, 2));
    }), { numRuns: 500 });
  });

  test("renderAllLines' JSON Feed lines are renderAll's text, which JSON.parse reads back", () => {
    const doc = fixtureDoc();
    const lines = renderAllLines(doc, SITE_URL)["feed.json"];
    const text = renderAll(doc, SITE_URL)["feed.json"];
    expect(lines.join("\n")).toBe(text);
    expect(`${JSON.stringify(JSON.parse(text), null, 2)}\n`).toBe(text);
  });
});
