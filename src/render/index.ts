import type { FeedDoc } from "./model.js";
import { renderAtom } from "./atom.js";
import { renderJson } from "./json.js";
import { renderRss } from "./rss.js";

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
 * @param doc the feed to render (see `FeedDoc`).
 * @param siteUrl absolute site URL; item ids are made from it and so are equal across formats.
 * @example for (const [name, text] of Object.entries(renderAll(doc, site))) write(name, text)
 */
export function renderAll(doc: FeedDoc, siteUrl: string): RenderedFeed {
  return {
    "rss.xml": renderRss(doc, siteUrl),
    "atom.xml": renderAtom(doc, siteUrl),
    "feed.json": renderJson(doc, siteUrl),
  };
}
