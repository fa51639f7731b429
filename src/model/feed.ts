import type { Story } from "./story.js";

/**
 * One feed, ready to render: everything a renderer needs, nothing it must compute from the clock.
 * Built by the selection stage; rendered by `renderAll` (each format in `FEED_FORMATS`).
 */
export interface FeedDoc {
  title: string;
  description: string;
  /** BCP 47 tag, e.g. `en`. */
  language: string;
  /** The site's home page, absolute URL. */
  homeUrl: string;
  /** Absolute URLs where each format of this feed is published (used for self links). */
  urls: FeedUrls;
  /** Channel copyright notice. */
  copyright: string;
  /** Publisher / default credit, used as the feed-level author. */
  publisher: string;
  /** Newest `updated ?? published` among the stories; never the clock. */
  updated: Date;
  /** Minutes a reader may cache the feed (RSS `ttl`). */
  ttl?: number;
  /** Newest first. */
  items: Story[];
  /**
   * Template of the credit line written at the end of every item's content (see `creditLine`).
   * Unset: no credit line.
   */
  creditLine?: string;
  /**
   * XSL stylesheet for browsers, as written into `<?xml-stylesheet?>` in RSS and Atom: a URL or an
   * href relative to the feed (e.g. `feed.xsl`). Unset: no processing instruction.
   */
  stylesheet?: string;
  /** WebSub hub URL, written as `rel="hub"` links (RSS, Atom) and JSON Feed `hubs`. Unset: none. */
  hub?: string;
  /** RFC 5005 archive links (see `FeedHistory`). Unset: a feed without archives. */
  history?: FeedHistory;
  /**
   * Killed stories (`status: canceled`), newest first: RFC 6721 tombstones in Atom and
   * `_wire.deleted` in JSON Feed. RSS has no such signal: there the item just disappears.
   */
  deleted?: Tombstone[];
}

/** Where each format of one feed document is published. */
export interface FeedUrls {
  rss: string;
  atom: string;
  json: string;
}

/**
 * A feed's place in its RFC 5005 archive. On the subscription (current) feed: `prev` is the
 * newest archive page. On an archive page (`archive: true`, written as `fh:archive`): `current`
 * is the subscription feed, `prev` the older page and `next` the newer one, when they exist.
 * JSON Feed has only `next_url` ("older items"): it points where `prev` does.
 */
export interface FeedHistory {
  archive: boolean;
  current?: FeedUrls;
  prev?: FeedUrls;
  next?: FeedUrls;
}

/** A killed story, as partners that cached it must learn: its id and when it was killed. */
export interface Tombstone {
  /** The story id (rendered as the item id, see `itemId`). */
  id: string;
  /** The story's `updated` time, else its `published` time: never the clock. */
  when: Date;
}

/** The id every format uses for a story: an absolute URL made from the site URL and the story id. */
export function itemId(siteUrl: string, storyId: string): string {
  return new URL(`stories/${encodeURIComponent(storyId)}`, siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`).href;
}

/** What kind of feed a plan is, as `index.json` says. */
export type FeedKind = "main" | "feed" | "category" | "archive";

/** A feed to publish: where its files go (a folder prefix inside the output folder) and its document. */
export interface FeedPlan {
  /** `""` for the main feed, `categories/world/` for a desk feed; always ends in `/` when set. */
  prefix: string;
  doc: FeedDoc;
  /** What the feed is: the main feed, a config-defined feed, a desk (category) feed, or an archive page. */
  kind?: FeedKind;
  /** The category's name, for a desk feed. */
  category?: string;
}

/** One feed as `index.json` lists it. */
export interface IndexEntry {
  kind: Exclude<FeedKind, "archive">;
  title: string;
  /** Folder inside the output folder, `""` for the main feed. */
  path: string;
  category?: string;
  rss: string;
  atom: string;
  json: string;
  /** Items in the subscription feed now. */
  items: number;
  /** RFC 5005 archive pages (main feed only). */
  archive_pages?: number;
  /** URLs of the newest archive page, when there is one (the feed's `prev-archive`). */
  archive?: FeedUrls;
}
