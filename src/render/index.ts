import type { FeedDoc } from "./model.js";
import { renderAtomPrepared } from "./atom.js";
import { renderJsonPrepared } from "./json.js";
import { prepare } from "./prepare.js";
import { renderRssPrepared } from "./rss.js";

export { renderAtom } from "./atom.js";
export { renderJson, JSON_FEED_VERSION, type JsonFeed, type JsonItem, type JsonWire } from "./json.js";
export { renderRss } from "./rss.js";
export { itemId, type FeedDoc } from "./model.js";

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
  return {
    "rss.xml": renderRssPrepared(prepared),
    "atom.xml": renderAtomPrepared(prepared),
    "feed.json": renderJsonPrepared(prepared),
  };
}
