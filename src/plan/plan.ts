/**
 * What a publication holds at `now` (pure): every feed's document, archive pages included, as
 * plans the publish stage writes; what `index.json` lists; and each plan's fingerprint.
 */
import type { Config, SiteConfig } from "../config/config.js";
import { feedUpdated, isKilled, isPublishable, select, sortStories, tombstone } from "../desk/eligibility.js";
import type { FeedDoc, FeedHistory, FeedPlan, IndexEntry } from "../model/feed.js";
import { feedUrls, relativeHref, sitePath, STYLESHEET_FILE } from "../model/site-urls.js";
import type { Story } from "../model/story.js";
import { archivePages, feedSpecs, type FeedSpec } from "./feeds.js";

export { feedUrls };

/**
 * A feed's document (pure): the given items, the tombstones of the killed stories among
 * `stories`, and the updated time from both (never the clock). Items have no rendered bodies yet.
 */
function feedDoc(spec: Pick<FeedSpec, "title" | "description" | "language" | "prefix" | "killed">, items: Story[], stories: readonly Story[], config: Config, now: Date, history?: FeedHistory): FeedDoc {
  const deleted = (spec.killed ?? stories.filter((s) => isKilled(s, now))).map(tombstone);
  const updated = Math.max(feedUpdated(items).getTime(), ...deleted.map((t) => t.when.getTime()));
  return {
    title: spec.title,
    description: spec.description,
    language: spec.language,
    homeUrl: config.siteUrl,
    urls: feedUrls(config.siteUrl, spec.prefix),
    copyright: config.copyright,
    publisher: config.publisher ?? config.title,
    updated: new Date(updated),
    ttl: config.ttl,
    items,
    ...(config.creditLine === false ? {} : { creditLine: config.creditLine }),
    ...(history === undefined ? {} : { history }),
    ...(deleted.length === 0 ? {} : { deleted }),
  };
}

/** The main feed's document at `now` (pure), without archive links. Its items have no rendered bodies yet. */
export function mainFeed(stories: Iterable<Story>, config: Config, now: Date): FeedDoc {
  const sorted = sortStories(stories);
  return feedDoc({ ...config, prefix: "" }, select(sorted, now, config.items, true), sorted, config, now);
}

/**
 * Every feed to publish at `now` (pure): the main feed, config's feeds, one desk feed per
 * category (see `feedSpecs`), then the main feed's archive pages, page 1 (the oldest) first
 * (see `archivePages`). Embargoed, held and killed stories are in no feed's items; killed ones
 * are tombstones.
 */
export function planFeeds(stories: Iterable<Story>, config: Config, now: Date): FeedPlan[] {
  return planFeedsReusing(stories, config, now).plans;
}

/**
 * An archive page's plan with what it was made from. A page holds only stories whose embargo has
 * lifted, so its plan depends on nothing but its stories (the same objects: a catalog makes a new
 * one when a file changes), its number, whether a newer page follows it, and config: while those
 * are unchanged the plan, and its fingerprint, are reused, and a watcher's rebuild does not plan
 * and fingerprint two hundred pages again for one new story.
 */
export interface PagePlan {
  config: Config;
  stories: readonly Story[];
  last: boolean;
  plan: FeedPlan;
  /** The plan's fingerprint, once computed. */
  fingerprint?: string;
}

/** `planFeeds`, reusing the archive page plans of an earlier call (see `PagePlan`) and returning this call's. */
export function planFeedsReusing(stories: Iterable<Story>, config: Config, now: Date, reuse?: ReadonlyMap<string, PagePlan>): { plans: FeedPlan[]; pages: Map<string, PagePlan> } {
  const sorted = sortStories(stories);
  const plans: FeedPlan[] = [];
  const pages = archivePages(sorted, config.items, now);
  const pageUrls = (k: number) => (k >= 1 && k <= pages.length ? feedUrls(config.siteUrl, `archive/${k}/`) : undefined);
  for (const spec of feedSpecs(sorted, config, now)) {
    const history = spec.kind === "main" && pages.length > 0 ? { archive: false, prev: pageUrls(pages.length)! } : undefined;
    const doc = siteDoc(feedDoc(spec, select(spec.stories, now, config.items, true), spec.stories, config, now, history), config);
    plans.push({ prefix: spec.prefix, doc, kind: spec.kind, ...(spec.category === undefined ? {} : { category: spec.category }) });
  }
  const main = plans[0]!.doc;
  const made = new Map<string, PagePlan>();
  pages.forEach((page, i) => {
    const k = i + 1;
    const prefix = `archive/${k}/`;
    const last = k === pages.length;
    const before = reuse?.get(prefix);
    if (before && before.config === config && before.last === last && sameStories(before.stories, page)) {
      made.set(prefix, before);
      plans.push(before.plan);
      return;
    }
    const history: FeedHistory = { archive: true, current: main.urls, ...opt("prev", pageUrls(k - 1)), ...opt("next", pageUrls(k + 1)) };
    const spec = { title: config.title, description: `${config.description} (archive page ${k})`, language: config.language, prefix };
    const plan: FeedPlan = { prefix, kind: "archive", doc: siteDoc(feedDoc(spec, page.filter((s) => isPublishable(s, now)), page, config, now, history), config) };
    made.set(prefix, { config, stories: page, last, plan });
    plans.push(plan);
  });
  return { plans, pages: made };
}

function sameStories(a: readonly Story[], b: readonly Story[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** What `index.json` says about each live feed (pure). */
export function indexEntries(plans: readonly FeedPlan[]): IndexEntry[] {
  const pages = plans.filter((p) => p.kind === "archive").length;
  return plans.filter((p) => p.kind !== "archive").map((p) => ({
    kind: (p.kind ?? "feed") as IndexEntry["kind"],
    title: p.doc.title,
    path: p.prefix.replace(/\/$/, ""),
    ...(p.category === undefined ? {} : { category: p.category }),
    ...p.doc.urls,
    items: p.doc.items.length,
    ...(p.kind === "main" ? { archive_pages: pages, ...opt("archive", p.doc.history?.prev) } : {}),
  }));
}


/**
 * The feed as it should be rendered for the site: `stylesheet` set to the shipped `feed.xsl`
 * (relative to the feed) and `hub` set from config. Call it on each FeedDoc before rendering.
 * A feed published outside the site URL keeps no stylesheet: browsers load XSLT from the same
 * origin only.
 * @example renderAll(siteDoc(mainFeed(stories, config, now), config), config.siteUrl)
 */
export function siteDoc(doc: FeedDoc, config: SiteConfig): FeedDoc {
  const path = sitePath(doc.urls.rss, config.siteUrl);
  return {
    ...doc,
    ...(path === undefined ? {} : { stylesheet: relativeHref(path, STYLESHEET_FILE) }),
    ...(config.hub === undefined ? {} : { hub: config.hub }),
  };
}
