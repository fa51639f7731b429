import type { FeedDoc } from "../model/feed.js";
import { atomLines } from "./atom.js";
import { jsonFeedLines, renderJsonPrepared } from "./json.js";
import { prepare } from "./prepare.js";
import { rssLines } from "./rss.js";

export { renderAtom } from "./atom.js";
export { renderJson, JSON_FEED_VERSION, type JsonFeed, type JsonItem, type JsonWire } from "./json.js";
export { renderRss } from "./rss.js";
export { itemId, type FeedDoc } from "../model/feed.js";

/** The three files of one feed, by the file name each is written under. */
export interface RenderedFeed {
  "rss.xml": string;
  "atom.xml": string;
  "feed.json": string;
}

/**
 * Renders one feed in every format. Pure: the same `doc` always gives the same three strings.
 * The text is cleaned and the ids and dates formatted once, for all three (see `prepare`).
 * @param doc the feed to render (see `FeedDoc`).
 * @param siteUrl absolute site URL; item ids are made from it and so are equal across formats.
 * @example for (const [name, text] of Object.entries(renderAll(doc, site))) write(name, text)
 */
export function renderAll(doc: FeedDoc, siteUrl: string): RenderedFeed {
  const prepared = prepare(doc, siteUrl);
  return { "rss.xml": rssLines(prepared).join("\n"), "atom.xml": atomLines(prepared).join("\n"), "feed.json": renderJsonPrepared(prepared) };
}

/** A feed file's text, whole or as lines to be joined with newlines. */
export type FeedText = string | readonly string[];

/**
 * As {@link renderAll}, each format as lines (see `rssLines`): what a build writes. A feed of
 * fifty stories is half a megabyte, and making it one string costs, on the machine measured,
 * more in the fresh memory's page faults than the rendering; `writeAtomic` encodes the lines
 * straight into its reused buffer instead. Joined with newlines, they are `renderAll`'s text.
 */
export function renderAllLines(doc: FeedDoc, siteUrl: string): Record<keyof RenderedFeed, readonly string[]> {
  const prepared = prepare(doc, siteUrl);
  return {
    "rss.xml": rssLines(prepared),
    "atom.xml": atomLines(prepared),
    "feed.json": jsonFeedLines(prepared),
  };
}
