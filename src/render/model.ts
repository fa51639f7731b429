import type { Story } from "../story.js";

/**
 * One feed, ready to render: everything a renderer needs, nothing it must compute from the clock.
 * Built by the selection stage; rendered by `renderRss`, `renderAtom`, `renderJson`.
 */
export interface FeedDoc {
  title: string;
  description: string;
  /** BCP 47 tag, e.g. `en`. */
  language: string;
  /** The site's home page, absolute URL. */
  homeUrl: string;
  /** Absolute URLs where each format of this feed is published (used for self links). */
  urls: { rss: string; atom: string; json: string };
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
   * XSL stylesheet for browsers, as written into `<?xml-stylesheet?>` in RSS and Atom: a URL or an
   * href relative to the feed (e.g. `feed.xsl`). Unset: no processing instruction.
   */
  stylesheet?: string;
  /** WebSub hub URL, written as `rel="hub"` links (RSS, Atom) and JSON Feed `hubs`. Unset: none. */
  hub?: string;
}

/** The id every format uses for a story: an absolute URL made from the site URL and the story id. */
export function itemId(siteUrl: string, storyId: string): string {
  return new URL(`stories/${encodeURIComponent(storyId)}`, siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`).href;
}
