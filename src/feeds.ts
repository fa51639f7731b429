import { createHash } from "node:crypto";
import { join } from "node:path";
import { feedUpdated, select } from "./archive.js";
import type { Catalog } from "./catalog.js";
import type { Config } from "./config.js";
import type { FeedDoc } from "./render/model.js";
import { renderAll } from "./render/index.js";
import type { Story } from "./story.js";
import { writeAtomic } from "./write.js";

/** The files each feed is written as. */
const FORMATS = ["rss.xml", "atom.xml", "feed.json"] as const;

/** A feed to publish: where its files go (a folder prefix inside the output folder) and its document. */
export interface FeedPlan {
  /** `""` for the main feed, `categories/world/` for a desk feed; always ends in `/` when set. */
  prefix: string;
  doc: FeedDoc;
}

/** The main feed's document at `now` (pure). Its items have no rendered bodies yet. */
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

/** Every feed to publish at `now` (pure). */
export function planFeeds(stories: Iterable<Story>, config: Config, now: Date): FeedPlan[] {
  return [{ prefix: "", doc: mainFeed(stories, config, now) }];
}

/**
 * A fingerprint of everything a feed's files are made from, bodies included by hash: equal
 * fingerprints give byte-identical files, so the feed need not be rendered again.
 */
export function fingerprint(plan: FeedPlan): string {
  const items = plan.doc.items.map(({ contentHtml: _body, ...meta }) => meta);
  return createHash("sha1").update(JSON.stringify({ ...plan, doc: { ...plan.doc, items } })).digest("base64url");
}

export interface PublishResult {
  /** Output files whose bytes changed, relative to the output folder. */
  written: string[];
  /** Output files rendered again whose bytes were already right. */
  unchanged: string[];
  /** Every output file of every feed, rendered this time or not. */
  files: string[];
  /** Ids of the stories in at least one feed. */
  published: Set<string>;
  /** Fingerprint of every feed published, by prefix: pass back in to skip unchanged feeds. */
  fingerprints: Map<string, string>;
}

/**
 * Renders and writes every feed whose fingerprint changed since `previous` (I/O). Bodies are
 * read only for the stories these feeds show.
 */
export async function publish(catalog: Catalog, stories: readonly Story[], out: string, now: Date, previous: ReadonlyMap<string, string> = new Map()): Promise<PublishResult> {
  const plans = planFeeds(stories, catalog.config, now);
  const fingerprints = new Map(plans.map((p) => [p.prefix, fingerprint(p)]));
  const stale = plans.filter((p) => previous.get(p.prefix) !== fingerprints.get(p.prefix));
  const needed = [...new Map(stale.flatMap((p) => p.doc.items).map((s) => [s.file, s])).values()];
  const hydrated = new Map((await catalog.hydrate(needed)).map((s) => [s.file, s]));
  const files = plans.flatMap((p) => FORMATS.map((name) => `${p.prefix}${name}`));
  const result: PublishResult = { written: [], unchanged: [], files, published: new Set(), fingerprints };
  for (const p of plans) for (const s of p.doc.items) result.published.add(s.id);
  for (const p of stale) {
    const doc = { ...p.doc, items: p.doc.items.map((s) => hydrated.get(s.file) ?? s) };
    for (const [name, content] of Object.entries(renderAll(doc, catalog.config.siteUrl))) {
      const file = `${p.prefix}${name}`;
      (await writeAtomic(join(out, file), content) ? result.written : result.unchanged).push(file);
    }
  }
  return result;
}
