/**
 * Which feeds exist (pure): the main feed, the feeds config defines by filter, one desk feed per
 * category, and the main feed's RFC 5005 archive pages.
 */
import { createHash } from "node:crypto";
import { isReleased } from "../desk/eligibility.js";
import type { Config } from "../config/config.js";
import type { FeedConfig } from "../config/feeds.js";
import type { FeedKind } from "../model/feed.js";
import type { Story } from "../model/story.js";
import { groupDesks } from "./desks.js";

/** A live (subscription) feed: where it goes, what it is called, and which stories it holds. */
export interface FeedSpec {
  kind: Exclude<FeedKind, "archive">;
  /** Folder prefix inside the output folder: `""`, `world-agencies/`, `categories/world/`. */
  prefix: string;
  title: string;
  description: string;
  language: string;
  /** The category's name, for desk feeds. */
  category?: string;
  /** Its stories, newest first, any status (the planner picks what is shown). */
  stories: Story[];
  /** Those of them killed at `now`, newest first, when found with the desks (see `feedSpecs`). */
  killed?: Story[];
}

/**
 * A category's folder name: lowercase ASCII, diacritics removed, every run of other characters
 * a `-`. Empty for a name with no ASCII letter or digit (see `deskSlugs`).
 * @example slugify("Côte d'Ivoire") // "cote-d-ivoire"
 */
export function slugify(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/**
 * Folder names for desks (pure, deterministic): `names` are category keys (lowercased names).
 * Keys whose slugs collide are sorted; the first keeps the plain slug and each other one gets a
 * suffix from a hash of its own key (`cote-3f2a9c`), so it keeps its URL while it exists. A key with
 * an empty slug (say, only non-Latin letters) is `category-<hash>`.
 */
export function deskSlugs(keys: Iterable<string>): Map<string, string> {
  const byBase = new Map<string, string[]>();
  for (const key of new Set(keys)) {
    const base = slugify(key);
    byBase.set(base, [...(byBase.get(base) ?? []), key]);
  }
  const out = new Map<string, string>();
  for (const [base, group] of byBase) {
    group.sort();
    group.forEach((key, i) => out.set(key, base && i === 0 ? base : `${base || "category"}-${shortHash(key)}`));
  }
  return out;
}

function shortHash(s: string): string {
  return createHash("sha1").update(s).digest("hex").slice(0, 6);
}

/** BCP 47 basic filtering (RFC 4647): `en` takes `en` and `en-GB`, case ignored. */
function languageMatches(tag: string, range: string): boolean {
  const t = tag.toLowerCase(), r = range.toLowerCase();
  return t === r || t.startsWith(`${r}-`);
}

/** Whether a story belongs to a config-defined feed. */
export function matchesFilter(story: Story, filter: FeedConfig["filter"], defaultLanguage: string): boolean {
  const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
  if (filter.categories) {
    const wanted = lower(filter.categories);
    if (!story.categories.some((c) => wanted.has(c.toLowerCase()))) return false;
  }
  if (filter.credits && !lower(filter.credits).has(story.credit.toLowerCase())) return false;
  return filter.language === undefined || languageMatches(story.language ?? defaultLanguage, filter.language);
}

/**
 * Every live feed at `now` (pure): the main feed, config's feeds in config order, then one desk
 * per category, by folder name. A desk exists while a story in it is published or killed (a kill
 * keeps its tombstone there); held and embargoed stories never create one, so no output hints at
 * them.
 * @param sorted the stories, newest first (see `compareStories`).
 */
export function feedSpecs(sorted: readonly Story[], config: Config, now: Date): FeedSpec[] {
  // The killed stories of the main feed and of each desk are found in the desks' grouping, not
  // by a pass of their own per feed: a watcher's rebuild plans every feed of ten thousand stories.
  const { desks, killed } = groupDesks(sorted, now);
  const specs: FeedSpec[] = [{
    kind: "main", prefix: "", title: config.title, description: config.description, language: config.language, stories: [...sorted], killed: [...killed],
  }];
  for (const f of config.feeds ?? []) {
    specs.push({
      kind: "feed", prefix: `${f.path}/`, title: f.title, description: f.description ?? config.description,
      language: f.filter.language ?? config.language, stories: sorted.filter((s) => matchesFilter(s, f.filter, config.language)),
    });
  }
  const shown = [...desks].filter(([, d]) => d.visible);
  const slugs = deskSlugs(shown.map(([key]) => key));
  const deskSpecs = shown.map(([key, d]): FeedSpec => {
    const name = [...d.names].sort()[0]!;
    return {
      kind: "category", prefix: `categories/${slugs.get(key)}/`, category: name, title: `${config.title}: ${name}`,
      description: `${config.description} (${name})`, language: config.language, stories: [...d.stories], killed: [...d.killed],
    };
  });
  // By folder name (without the trailing slash, so `world` sorts before `world-2f3a4b`).
  const name = (d: FeedSpec) => d.prefix.slice(0, -1);
  deskSpecs.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  return [...specs, ...deskSpecs];
}

/**
 * RFC 5005 archive pages of a feed's stories (pure). Every story whose embargo has lifted takes
 * a place, oldest first (the reverse of `compareStories`), held and killed ones too (shown
 * as nothing, or as a tombstone), so holding, releasing or killing a story never moves another.
 * Page k holds places (k-1)·size … k·size-1. Only complete pages are published, and only those
 * holding a place older than the newest `size`: the rest the subscription feed shows. So a new
 * story never changes a published page; page k+1 appearing adds a `next-archive` link to page k.
 * @param sorted the feed's stories, newest first.
 * @returns the pages' stories, page 1 first, each newest first (as feeds list them).
 */
export function archivePages(sorted: readonly Story[], size: number, now: Date): Story[][] {
  const placed = sorted.filter((s) => isReleased(s, now)).reverse();
  const count = Math.max(0, Math.ceil(placed.length / size) - 1);
  return Array.from({ length: count }, (_, i) => placed.slice(i * size, (i + 1) * size).reverse());
}
