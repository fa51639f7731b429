/**
 * render/: one function per format and view, pure. Each feed format is a function of the same
 * signature, a prepared document's lines (`FEED_FORMATS`); the views (the HTML page of a feed,
 * the site's index page, `index.json`) are `feedViews`, `siteFiles` and `renderIndex` in site.ts.
 */
import type { FeedDoc } from "../model/feed.js";
import { atomLines } from "./atom.js";
import { jsonFeedLines } from "./json.js";
import { prepare, type PreparedDoc } from "./prepare.js";
import { rssLines } from "./rss.js";

export { JSON_FEED_VERSION, type JsonFeed, type JsonItem, type JsonWire } from "./json.js";
export { itemId, type FeedDoc } from "../model/feed.js";

/** Each feed format by the file name it is written under: RSS 2.0, Atom 1.0, JSON Feed 1.1. */
export const FEED_FORMATS = { "rss.xml": rssLines, "atom.xml": atomLines, "feed.json": jsonFeedLines } as const satisfies Record<string, (p: PreparedDoc) => string[]>;

export type FeedFile = keyof typeof FEED_FORMATS;

/** The three files of one feed, by the file name each is written under. */
export type RenderedFeed = Record<FeedFile, string>;

/** A feed file's text, whole or as lines to be joined with newlines. */
export type FeedText = string | readonly string[];

/**
 * Renders one feed in every format, as lines (see `rssLines`): what a build writes. The text is
 * cleaned and the ids and dates formatted once, for all three (see `prepare`). A feed of fifty
 * stories is half a megabyte, and making it one string costs, on the machine measured, more in
 * the fresh memory's page faults than the rendering; `writeAtomic` encodes the lines straight
 * into its reused buffer instead. Pure: the same `doc` always gives the same lines.
 * @param doc the feed to render (see `FeedDoc`), items newest first.
 * @param siteUrl absolute site URL; item ids are made from it and so are equal across formats.
 */
export function renderAllLines(doc: FeedDoc, siteUrl: string): Record<FeedFile, string[]> {
  const prepared = prepare(doc, siteUrl);
  return { "rss.xml": FEED_FORMATS["rss.xml"](prepared), "atom.xml": FEED_FORMATS["atom.xml"](prepared), "feed.json": FEED_FORMATS["feed.json"](prepared) };
}

/**
 * As {@link renderAllLines}, each file's lines joined: its text, each ending with a newline.
 * @example for (const [name, text] of Object.entries(renderAll(doc, site))) write(name, text)
 */
export function renderAll(doc: FeedDoc, siteUrl: string): RenderedFeed {
  const lines = renderAllLines(doc, siteUrl);
  return { "rss.xml": lines["rss.xml"].join("\n"), "atom.xml": lines["atom.xml"].join("\n"), "feed.json": lines["feed.json"].join("\n") };
}
