import { feedUpdated, select } from "./archive.js";
import type { Config } from "./config.js";
import type { FeedDoc } from "./render/model.js";
import { renderAll } from "./render/index.js";
import type { Story } from "./story.js";

/** The main feed's document at `now` (pure). */
export function mainFeed(stories: Iterable<Story>, config: Config, now: Date): FeedDoc {
  const items = select(stories, now, config.items);
  const url = (name: string) => new URL(name, config.siteUrl).href;
  return {
    title: config.title,
    description: config.description,
    language: config.language,
    homeUrl: config.siteUrl,
    urls: { rss: url("rss.xml"), atom: url("atom.xml"), json: url("feed.json") },
    copyright: config.copyright,
    publisher: config.publisher ?? config.title,
    updated: feedUpdated(items),
    ttl: config.ttl,
    items,
  };
}

/**
 * Every output file, by path relative to the output folder, with its content, and the ids of the
 * stories that appear in any feed (pure).
 */
export function renderOutputs(stories: Iterable<Story>, config: Config, now: Date): { files: Map<string, string>; published: Set<string> } {
  const doc = mainFeed(stories, config, now);
  return {
    files: new Map(Object.entries(renderAll(doc, config.siteUrl))),
    published: new Set(doc.items.map((s) => s.id)),
  };
}
