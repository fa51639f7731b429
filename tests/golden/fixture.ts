/**
 * The fixed input the golden files in this folder are rendered from. Every hostile case the
 * renderers must survive is here once: markup in a title, `]]>` twice in a body, `&` and `<` in a
 * category, an XML-forbidden control character, non-ASCII text and an emoji.
 */
import { DEFAULT_CREDIT_LINE } from "../../src/render/credit.js";
import type { FeedDoc } from "../../src/render/model.js";
import type { Story } from "../../src/story.js";

export const SITE_URL = "https://news.example.com/";

/**
 * Characters XML 1.0 cannot hold (its `Char` production): C0 controls but tab, LF, CR; U+FFFE,
 * U+FFFF; a surrogate that is not half of a pair. The fixture holds U+0001, U+FFFF and a lone
 * U+D83D (the high half of 🐟, whose pairs elsewhere must survive).
 */
export const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A fixture string as every format must carry it: without the characters XML cannot hold. */
export const xmlClean = (s: string): string => s.replace(NOT_XML_CHAR, "");

const fish: Story = {
  id: "2026-03-14-fish-chips",
  file: "2026/fish-chips.md",
  title: `Fish & Chips <b> "quoted"`,
  published: new Date("2026-03-14T09:30:00Z"),
  updated: new Date("2026-03-14T11:05:00Z"),
  byline: ["Ana Souza", "Tomás Ferreira"],
  credit: "Example Wire",
  copyright: "© 2026 Example Wire. All rights reserved.",
  usageTerms: "Not for use in Brazil before 12:00 GMT.",
  dateline: "SÃO PAULO",
  summary: "A café in SÃO PAULO sells fish & chips <b>with</b> 🎉 — and queues form.",
  contentHtml:
    "<p>The menu reads <code>a[b[0]]&gt;</code> and the CDATA end ]]> appears twice: ]]>.</p>\n" +
    "<p>Owner Tomás Ferreira said: “It’s British food, Brazilian style.” 🐟</p>",
  categories: ["Food & Drink", "R<D"],
  link: "https://news.example.com/stories/2026-03-14-fish-chips.html",
  language: "en",
  status: "usable",
  version: 2,
};

const markets: Story = {
  id: "2026-03-13-markets",
  file: "2026/markets.txt",
  title: "Markets\u0001 close higher",
  published: new Date("2026-03-13T16:00:00Z"),
  byline: ["Example Wire"],
  credit: "Example Wire",
  copyright: "© 2026 Example Wire",
  summary: "Stocks rose on Friday.\uFFFF",
  contentHtml: "<p>Stocks rose on Friday.\uD83D</p>",
  categories: ["Business"],
  link: "https://news.example.com/stories/2026-03-13-markets.html",
  status: "usable",
  version: 1,
};

const lisbon: Story = {
  id: "2026-03-12-lisbon.tram",
  file: "2026/lisbon.md",
  title: "Lisbon's tram 28 returns",
  published: new Date("2026-03-12T08:00:00Z"),
  byline: ["João Lima"],
  credit: "Partner Agency",
  copyright: "© 2026 Partner Agency",
  dateline: "LISBON",
  summary: "The historic line reopens after repairs.",
  contentHtml: "<p>The historic line reopens after repairs.</p>",
  categories: [],
  link: "https://news.example.com/stories/2026-03-12-lisbon.tram.html",
  language: "pt-PT",
  status: "usable",
  version: 1,
};

/** Three stories, newest first, as the selection stage would hand them over. */
export const STORIES: readonly Story[] = [fish, markets, lisbon];

/** A fresh copy of the fixed feed (a copy, so a test cannot change another's input). */
export function fixtureDoc(): FeedDoc {
  return {
    title: "Example Wire — Top stories",
    description: "Top stories from Example Wire & partners",
    language: "en",
    homeUrl: "https://news.example.com/",
    urls: {
      rss: "https://news.example.com/feeds/top/rss.xml",
      atom: "https://news.example.com/feeds/top/atom.xml",
      json: "https://news.example.com/feeds/top/feed.json",
    },
    copyright: "© 2026 Example Wire",
    publisher: "Example Wire",
    updated: new Date("2026-03-14T11:05:00Z"),
    ttl: 15,
    creditLine: DEFAULT_CREDIT_LINE,
    items: STORIES.map((story) => structuredClone(story)),
  };
}
