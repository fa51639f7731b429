/**
 * Property tests: arbitrary Unicode (lone surrogate halves, C0 and C1 controls, U+FFFE/U+FFFF,
 * `]]>`, `<`, `&`, quotes, line separators, very long strings) and markup-shaped text (tags,
 * handlers, script URLs plain and encoded, comments, known mutation-XSS shapes) in every text
 * field of a story and in its body always gives a published story: well-formed XML, valid JSON
 * Feed 1.1, attribution on every item, and no active content, as parse5 reads it, in any HTML
 * the feeds carry or in any HTML view.
 *
 * Three levels, from fast to whole:
 *  1. Story objects holding raw arbitrary text straight into `renderAll`: the renderers alone
 *     must keep the XML well-formed (their last line of defence).
 *  2. Arbitrary fields written as YAML front matter and an arbitrary Markdown body, through
 *     `parseText` and `assembleStory` (normalization), then `renderAll`.
 *  3. Story files (Markdown and raw wire text) written to a folder and built with `build`, the
 *     outputs judged by xmllint (RELAX NG for Atom), feedparser and the JSON Feed schema.
 *
 * Levels 1 and 2 check JSON and active content in-process on every run and collect the XML;
 * xmllint and feedparser then judge all collected documents in one process each. Level 1 holds
 * raw text as the rendered body, which renderers trust: there only the HTML views are judged
 * for active content.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import yaml from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { assembleStory } from "../../src/normalize/story.js";
import { build } from "../../src/build/build.js";
import type { Config } from "../../src/config/config.js";
import { sanitizeBodyHtml } from "../../src/normalize/sanitize.js";
import { parseText } from "../../src/ingest/parse.js";
import { renderAll, type FeedDoc } from "../../src/render/index.js";
import { renderFeedHtml, renderIndexHtml } from "../../src/render/page.js";
import type { Story } from "../../src/model/story.js";
import { activeContent, activeInOutputs, feedHtml } from "../support/active.js";
import { expectValidFeeds } from "../support/judge.js";
import { jsonFeedSchema } from "../validators.js";
import { testConfig } from "../support/config.js";

const SITE = "https://wire.example.org/";
/** Multiplies every numRuns: `PROPERTY_RUNS=20 npx vitest run tests/build/property.test.ts` for a long hunt. */
const SCALE = Number(process.env.PROPERTY_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const NOW = new Date("2026-11-24T12:00:00Z");
const config: Config = testConfig({ siteUrl: SITE, timeZone: "Europe/Paris" });

/** Characters XML 1.0 cannot hold; none may reach a document. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Elements and attributes an attacker reaches for, and some a news page uses. */
const TAGS = [
  "script", "img", "svg", "iframe", "a", "div", "span", "style", "math", "object", "embed", "form", "input", "details", "video", "b", "p",
  "blockquote", "table", "td", "template", "noscript", "textarea", "title", "xmp", "plaintext", "base", "meta", "link", "figure", "code",
];
const ATTRIBUTES = [
  "onerror=alert(1)", "onload=alert(1)", "ONCLICK='x()'", 'href="javascript:alert(1)"', "href=jav&#x09;ascript:alert(1)", "href=&#106;avascript:alert(1)",
  'href=" JaVaScRiPt:alert(1)"', 'src="x"', 'src="http://img.example/a.png"', 'src="https://img.example/a.png"', 'style="background:url(javascript:alert(1))"',
  'srcdoc="<script>alert(1)</script>"', "xlink:href=javascript:alert(1)", 'formaction="javascript:alert(1)"', "href=//evil.example/", 'href="data:text/html,<script>alert(1)</script>"',
  "open ontoggle=alert(1)", 'class="twitter-tweet"', 'http-equiv="refresh" content="0;url=javascript:alert(1)"', "href=https://ok.example/",
];
/** Whole hostile snippets: mutation XSS, broken nesting, Markdown's own ways to a link or an image. */
const SNIPPETS = [
  "<!--", "-->", "<![CDATA[", "<?xml ?>", "<!DOCTYPE html>", "javascript:alert(1)", "&lt;script&gt;alert(1)&lt;/script&gt;", "[x](javascript:alert(1))",
  "![x](http://evil.example/x.png)", "<javascript:alert(1)>", "\n\n[r]: javascript:alert(1)\n\n", "[r]", "`<script>`", "<scr<script>ipt>alert(1)</script>",
  "</textarea><script>alert(1)</script>", "<svg><style><img src=x onerror=alert(1)></style></svg>", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "<a href=\"java\nscript:alert(1)\">x</a>", "<img src=x onerror=alert(1)//", "<ScRiPt>alert(1)</sCrIpT>",
  '<blockquote class="twitter-tweet"><p>Post <a href="https://t.co/x">link</a></p></blockquote><script async src="https://platform.twitter.com/widgets.js"></script>',
  "\n```\n<script>alert(1)</script>\n```\n", "\n    <iframe src=x>\n", "<style>*{display:none}</style>", "\u0001\u0002", "\u0003\u0004", "\u0000",
];
const markup = fc.oneof(
  fc.tuple(fc.constantFrom(...TAGS), fc.array(fc.constantFrom(...ATTRIBUTES), { maxLength: 3 }), fc.constantFrom("", "x", "A <b>c</b>", "\n"), fc.boolean(), fc.constantFrom(">", "/>", " ", ""))
    .map(([tag, attrs, inner, close, end]) => `<${tag}${attrs.map((a) => ` ${a}`).join("")}${end}${inner}${close ? `</${tag}>` : ""}`),
  fc.constantFrom(...SNIPPETS),
);

/** One "character" of hostile text: any code point, a lone surrogate half, a control, a known troublemaker, or markup. */
const unit = fc.oneof(
  { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 6 },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((c) => String.fromCharCode(c)), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      "]]>", "]]]]>", "<", ">", "&", '"', "'", "&amp;", "&lt;b&gt;", "<b>", "</p>", "<![CDATA[", "\uFFFE", "\uFFFF", "\uFEFF",
      "\u2028", "\u2029", "\u0085", "\u00A0", "\r\n", "\r", "\n", "\t", "  ", "*", "_", "`", "#", "---", "[x](y)", "e\u0301",
      "🐟", "\uD83D", "\uDC1F", "By ", "©", "—", "“", "”", "%", "\\", "{{", "${", ":", "- ",
    ),
    weight: 4,
  },
  { arbitrary: markup, weight: 2 },
);

/** Arbitrary text, now and then very long. */
const text = fc.oneof(
  { arbitrary: fc.string({ unit, maxLength: 30 }), weight: 9 },
  { arbitrary: fc.string({ unit, minLength: 500, maxLength: 2000 }), weight: 1 },
);
const short = fc.string({ unit, maxLength: 30 });

/**
 * Text guaranteed to keep a visible letter whatever normalization removes, and whatever a feed
 * reader drops when it guesses RSS text is HTML (feedparser reads `<div A</div>` as a tag): a
 * required field, opening with its letter.
 */
const required = (arb: fc.Arbitrary<string> = short) => fc.tuple(fc.constantFrom("A", "é", "Ж", "東", "z"), arb, short).map(([l, a, b]) => `${l}${a}${b}`);

/** A category: arbitrary, within the length a category may have (100 characters; longer is an error). */
const category = short.map((c) => c.slice(0, 100));

const date = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-01-01T00:00:00Z"), noInvalidDate: true });

/** Every XML document produced in levels 1 and 2, judged together at the end. */
const collected: { name: string; xml: string }[] = [];

interface FeedJson {
  items: { authors: { name: string }[]; _wire: { byline: string[]; credit: string; copyright: string } }[];
}

/**
 * No active content, by parse5: in every HTML field of the three feeds (unless `bodies` is false,
 * for renderings of raw text as a body), and in the feed's HTML view and an index page listing it.
 */
function expectInert(files: Record<string, string>, doc: FeedDoc, bodies: boolean): void {
  if (bodies) {
    for (const name of ["rss.xml", "atom.xml", "feed.json"]) {
      for (const html of feedHtml(name, files[name]!)) expect(activeContent(html), `${name}: ${html}`).toEqual([]);
    }
  }
  const view = renderFeedHtml(doc, doc.urls);
  expect(activeContent(view, "document"), view).toEqual([]);
  const index = renderIndexHtml([{ title: doc.title, description: doc.description, urls: doc.urls, items: doc.items.length, view: "rss.html" }],
    { title: doc.items[0]?.title ?? "Wire", description: doc.items[0]?.summary, language: "en", copyright: doc.items[0]?.copyright });
  expect(activeContent(index, "document"), index).toEqual([]);
}

/** In-process checks on one rendering: JSON Feed schema, attribution, no XML-forbidden character. */
function checkRendered(files: Record<string, string>, count: number, tag: string): void {
  const json = JSON.parse(files["feed.json"]!) as FeedJson;
  expect(jsonFeedSchema(json)).toEqual([]);
  expect(json.items).toHaveLength(count);
  for (const item of json.items) {
    expect(item.authors.length).toBeGreaterThan(0);
    for (const a of item.authors) expect(a.name.trim()).not.toBe("");
    expect(item._wire.credit.trim()).not.toBe("");
    expect(item._wire.copyright.trim()).not.toBe("");
  }
  for (const name of ["rss.xml", "atom.xml"]) {
    const xml = files[name]!;
    expect(NOT_XML_CHAR.test(xml), `${name} holds a character XML forbids`).toBe(false);
    collected.push({ name: `${tag}-${collected.length}-${name}`, xml });
  }
}

function feedDoc(items: Story[]): FeedDoc {
  const newest = Math.max(0, ...items.map((s) => (s.updated ?? s.published).getTime()));
  return {
    title: "Wire", description: "Property feed", language: "en", homeUrl: SITE,
    urls: { rss: `${SITE}rss.xml`, atom: `${SITE}atom.xml`, json: `${SITE}feed.json` },
    copyright: "© Desk", publisher: "Desk", updated: new Date(newest), ttl: 5, items,
  };
}

const storyArb: fc.Arbitrary<Story> = fc.record({
  id: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/),
  title: text,
  published: date,
  updated: fc.option(date, { nil: undefined }),
  byline: fc.array(required(), { minLength: 1, maxLength: 3 }),
  credit: required(),
  copyright: required(),
  usageTerms: fc.option(text, { nil: undefined }),
  dateline: fc.option(short, { nil: undefined }),
  summary: text,
  // A body as the sanitizer writes it, or raw text, which renderers trust as HTML. Raw text keeps
  // no `<![`: Python's HTML parser, under feedparser, raises on a marked section it does not know
  // (`<![x`), and no body reaches a renderer without the sanitizer, which never writes one.
  contentHtml: fc.oneof(text.map((t) => t.replace(/<!\[/g, "<! [")), text.map((t) => sanitizeBodyHtml(t).html)),
  categories: fc.array(required(), { maxLength: 4 }),
  correction: fc.option(short, { nil: undefined }),
  language: fc.option(fc.constantFrom("en", "pt-BR", "zh-Hant"), { nil: undefined }),
  version: fc.integer({ min: 1, max: 99 }),
}).map((r) => {
  const story: Story = {
    ...r, file: `${r.id}.md`, link: `${SITE}s/${r.id}`, status: "usable",
  } as Story;
  for (const [k, v] of Object.entries(story)) if (v === undefined) delete (story as unknown as Record<string, unknown>)[k];
  return story;
});

/** Front-matter fields as YAML would carry them, every text field arbitrary. */
const fieldsArb = fc.record({
  title: required(text),
  byline: fc.oneof(required(), fc.array(required(), { minLength: 1, maxLength: 3 })),
  credit: required(),
  copyright: required(),
  usage_terms: fc.option(short, { nil: undefined }),
  dateline: fc.option(short, { nil: undefined }),
  summary: fc.option(short, { nil: undefined }),
  categories: fc.array(category, { maxLength: 5 }),
  correction: fc.option(short, { nil: undefined }),
});
const bodyArb = fc.tuple(text, required(), text).map(([a, b, c]) => `${a}\n\n${b}\n\n${c}`);

/** A Markdown story file's text: js-yaml writes any string, lone surrogates and controls as escapes. */
function markdownFile(fields: Record<string, unknown>, published: Date, body: string): string {
  const data = Object.fromEntries(Object.entries({ ...fields, published: published.toISOString() }).filter(([, v]) => v !== undefined));
  return `---\n${yaml.dump(data, { lineWidth: -1, schema: yaml.CORE_SCHEMA })}---\n\n${body}\n`;
}

afterAll(() => {
  if (collected.length === 0) return;
  const dir = mkdtempSync(join(tmpdir(), "wirefeed-property-"));
  try {
    const paths = collected.map(({ name, xml }) => {
      const path = join(dir, name);
      writeFileSync(path, xml);
      return path;
    });
    const lint = spawnSync("xmllint", ["--noout", ...paths], { encoding: "utf8" });
    if (lint.error) throw lint.error;
    expect(`${lint.stdout}${lint.stderr}`).toBe("");
    const parsed = feedparserAll(paths);
    for (const [path, feed] of Object.entries(parsed)) {
      expect(feed.bozo, `${path}: ${feed.bozo_exception}`).toBe(false);
      for (const e of feed.entries) {
        expect(e.author?.trim(), `author in ${path}`).toBeTruthy();
        expect(e.rights?.trim(), `rights in ${path}`).toBeTruthy();
        expect(e.source?.trim(), `dc:source in ${path}`).toBeTruthy();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

/** feedparser over many files in one Python process: bozo and attribution per entry. */
function feedparserAll(paths: string[]): Record<string, { bozo: boolean; bozo_exception: string | null; entries: { author: string | null; rights: string | null; source: string | null }[] }> {
  const script = String.raw`
import json, sys
import feedparser
out = {}
for path in sys.argv[1:]:
    try:
        d = feedparser.parse(path)
    except Exception as e:
        out[path] = {"bozo": True, "bozo_exception": "feedparser raised " + repr(e), "entries": []}
        continue
    out[path] = {
        "bozo": bool(d.bozo),
        "bozo_exception": str(d.bozo_exception) if d.bozo else None,
        "entries": [{"author": e.get("author"), "rights": e.get("rights"), "source": e.get("dc_source")} for e in d.entries],
    }
print(json.dumps(out))
`;
  const r = spawnSync("/usr/bin/python3", ["-c", script, ...paths], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`feedparser failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe("arbitrary text through the renderers", () => {
  it("always renders well-formed XML, valid JSON Feed 1.1 and attribution on every item", () => {
    fc.assert(
      fc.property(fc.uniqueArray(storyArb, { minLength: 1, maxLength: 4, selector: (s) => s.id }), (stories) => {
        const doc = feedDoc(stories);
        const files = renderAll(doc, SITE) as unknown as Record<string, string>;
        checkRendered(files, stories.length, "render");
        expectInert(files, doc, false);
      }),
      { numRuns: runs(100) },
    );
  });
});

describe("arbitrary fields and bodies through normalization and the renderers", () => {
  it("gives a published story with attribution, rendered well-formed, valid and inert, for any text", () => {
    fc.assert(
      fc.property(fieldsArb, date, bodyArb, (fields, published, body) => {
        const parsed = parseText(markdownFile(fields, published, body), "markdown");
        const { story, findings } = assembleStory(parsed, { file: "prop.md", mtime: NOW }, config);
        expect(findings.filter((f) => f.severity === "error")).toEqual([]);
        expect(story).toBeDefined();
        for (const value of [story!.title, story!.credit, story!.copyright, ...story!.byline]) {
          expect(value.trim()).not.toBe("");
          expect(NOT_XML_CHAR.test(value)).toBe(false);
          expect(value).toBe(value.normalize("NFC"));
        }
        const doc = feedDoc([story!]);
        const files = renderAll(doc, SITE) as unknown as Record<string, string>;
        checkRendered(files, 1, "normalized");
        expectInert(files, doc, true);
      }),
      { numRuns: runs(100) },
    );
  });
});

describe("arbitrary story files through a whole build", () => {
  it("publishes every story, attributed and inert, in feeds that pass the validators", async () => {
    await fc.assert(
      fc.asyncProperty(fieldsArb, date, bodyArb, required(short), bodyArb, async (fields, published, body, headline, rawBody) => {
        const root = mkdtempSync(join(tmpdir(), "wirefeed-prop-build-"));
        try {
          const stories = join(root, "stories");
          spawnSync("mkdir", [stories]);
          writeFileSync(join(stories, "md-story.md"), markdownFile(fields, published, body));
          // Raw wire text: the first line is the headline; the notice, its own last paragraph, gives the credit.
          writeFileSync(join(stories, "raw-story.txt"),
            `${headline.replace(/[\r\n\u2028\u2029\u0085]+/g, " ")}\n\n${rawBody}\n\nCopyright © 2026 Property Wire. All rights reserved.\n`);
          const result = await build({ config, stories, out: join(root, "out"), now: NOW });
          expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
          expect(result.published).toBe(2);
          const { rss, atom, json } = expectValidFeeds(join(root, "out"));
          // Feeds, archive pages, HTML views and index.html, as written.
          expect(activeInOutputs(join(root, "out"))).toEqual([]);
          for (const feed of [rss, atom]) {
            expect(feed.entries).toHaveLength(2);
            for (const e of feed.entries) expect(e.source?.trim()).toBeTruthy();
          }
          expect(json.items).toHaveLength(2);
          for (const item of json.items) {
            expect(item.authors.every((a: { name: string }) => a.name.trim() !== "")).toBe(true);
            expect(item._wire.credit.trim()).not.toBe("");
            expect(item._wire.copyright.trim()).not.toBe("");
          }
          const raw = json.items.find((i: { id: string }) => i.id.endsWith("/raw-story"));
          expect(raw._wire).toMatchObject({ credit: "Property Wire", copyright: "Copyright © 2026 Property Wire. All rights reserved." });
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: runs(25) },
    );
  }, 300_000 * SCALE);
});
