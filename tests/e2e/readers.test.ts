/**
 * What partners' readers show (#22): the bundled stories (the raw `.txt` story among them) are
 * built into feeds, served on 127.0.0.1, and read back by software nobody here wrote:
 *
 * - Debian's python3-feedparser (RSS and Atom; Debian's 6.0 reads no JSON Feed);
 * - newsboat, Debian's console reader, fetching over HTTP, its stored articles read from its cache;
 * - rss-parser (npm), parsing each feed from its URL (RSS and Atom);
 * - @extractus/feed-extractor (npm), fetching every format, JSON Feed included.
 *
 * For every item, every byline, the credit and the copyright notice must be in what the reader
 * shows of it: its content, its summary, its author line. That holds for readers that know no
 * Dublin Core, Atom rights or `_wire` only because the credit line ends each item's content.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { extract } from "@extractus/feed-extractor";
import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { build } from "../../src/build/build.js";
import { createFeedServer } from "../../src/serve/server.js";
import { baseUrl, close, listen } from "../support/http.js";
import { feedparserShows, flat, newsboatShows, type Shown } from "../support/readers.js";
import { testConfig } from "../support/config.js";
import { makeTree } from "../support/tree.js";

const BUNDLED = fileURLToPath(new URL("../../stories/", import.meta.url));
const NOW = new Date("2026-11-24T12:00:00Z");
const FORMATS = ["rss.xml", "atom.xml", "feed.json"] as const;

/** One item as the feed says it should be credited (its JSON Feed `_wire`). */
interface Expected { id: string; title: string; byline: string[]; credit: string; copyright: string }

describe("what outside readers show of every item", () => {
  const root = makeTree({});
  const out = join(root, "out");
  let server: Server;
  let base = "";
  let expected: Expected[] = [];

  beforeAll(async () => {
    const config = testConfig({ siteUrl: "https://news.example.com/", publisher: "Port Calder Courier" });
    const result = await build({ config, stories: BUNDLED, out, now: NOW, cache: false });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const json = JSON.parse(readFileSync(join(out, "feed.json"), "utf8")) as { items: { id: string; title: string; _wire: Expected }[] };
    expected = json.items.map((i) => ({ id: i.id, title: i.title, byline: i._wire.byline, credit: i._wire.credit, copyright: i._wire.copyright }));
    server = await listen(createFeedServer({ out }));
    base = baseUrl(server);
  }, 60_000);
  afterAll(async () => {
    if (server) await close(server);
    rmSync(root, { recursive: true, force: true });
  });

  test("the build publishes every bundled story, the raw one with the attribution found in its text", () => {
    expect(expected).toHaveLength(readdirSync(BUNDLED).length);
    const raw = expected.find((e) => e.title.startsWith("Russia denies responsibility"));
    expect(raw).toMatchObject({ credit: "ABC Audio", copyright: "Copyright © 2020, ABC Audio. All rights reserved." });
  });

  /** Every item of the feed is shown with every byline, its credit and its copyright. */
  function expectCredited(reader: string, shown: Shown[]): void {
    expect(shown.map((s) => s.id).sort(), reader).toEqual(expected.map((e) => e.id).sort());
    for (const e of expected) {
      const text = flat(shown.find((s) => s.id === e.id)!.text);
      for (const name of e.byline) expect(text, `${reader}: byline of ${e.title}`).toContain(name);
      expect(text, `${reader}: credit of ${e.title}`).toContain(e.credit);
      expect(text, `${reader}: copyright of ${e.title}`).toContain(e.copyright);
    }
  }

  for (const format of ["rss.xml", "atom.xml"] as const) {
    test(`feedparser (Debian python3-feedparser): ${format}`, () => {
      expectCredited(`feedparser ${format}`, feedparserShows(join(out, format)));
    });

    test(`newsboat (Debian), fetching ${format} over HTTP`, async () => {
      const { unread, shown } = await newsboatShows(`${base}/${format}`, join(root, `newsboat-${format}`));
      expect(unread).toBe(`${expected.length} unread articles`);
      expectCredited(`newsboat ${format}`, shown);
    }, 90_000);

    test(`rss-parser (npm), reading ${format} from its URL`, async () => {
      const feed = await new Parser().parseURL(`${base}/${format}`);
      // contentSnippet is rss-parser's text of the content; creator its author line.
      expectCredited(`rss-parser ${format}`, feed.items.map((i) => ({ id: i.guid ?? i.id ?? "", text: `${i.creator ?? ""} ${i.contentSnippet ?? ""}` })));
    });
  }

  for (const format of FORMATS) {
    test(`@extractus/feed-extractor (npm), reading ${format} from its URL`, async () => {
      // Its description is all it shows of an item: the summary (RSS, Atom) or the content's text (JSON Feed).
      const feed = await extract(`${base}/${format}`, { descriptionMaxLen: 0 });
      expectCredited(`feed-extractor ${format}`, (feed.entries ?? []).map((e) => ({ id: e.id, text: e.description ?? "" })));
    });
  }

  test("with the credit line off, readers that know only content lose the copyright: the line is what shows it", async () => {
    const config = testConfig({ siteUrl: "https://news.example.com/", publisher: "Port Calder Courier", creditLine: false });
    const off = join(root, "off");
    await build({ config, stories: BUNDLED, out: off, now: NOW, cache: false });
    const offServer = await listen(createFeedServer({ out: off }));
    try {
      const feed = await extract(`${baseUrl(offServer)}/feed.json`, { descriptionMaxLen: 0 });
      const missing = expected.filter((e) => !flat(feed.entries?.find((x) => x.id === e.id)?.description ?? "").includes(e.copyright));
      expect(missing.length).toBeGreaterThan(0);
    } finally {
      await close(offServer);
    }
  }, 60_000);
});
