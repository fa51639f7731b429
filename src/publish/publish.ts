import { readdirSync, readFileSync, rmdirSync, rmSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/config.js";
import { OWNED_FOLDERS } from "../config/feeds.js";
import type { Release, StoryBody } from "../desk/versions.js";
import { withCorrection, withoutCorrection } from "../desk/corrections.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { Progress } from "../model/progress.js";
import { itemId, type FeedPlan } from "../model/feed.js";
import { storyRef, type Story } from "../model/story.js";
import { fingerprint } from "../plan/fingerprint.js";
import { indexEntries, planFeedsReusing, type PagePlan } from "../plan/plan.js";
import { withoutCredit } from "../render/credit.js";
import { FEED_FORMATS, renderAllLines, type FeedFile, type FeedText } from "../render/index.js";
import { escapeHtml } from "../render/page.js";
import { feedViews, renderIndex, siteFiles } from "../render/site.js";
import { renderPagesParallel } from "./archive-pages.js";
import { writeAtomic } from "./write.js";
import { isSibling, siblingsOf, writeOutput } from "./precompress.js";
import { ReleaseBook, type ShownMemory } from "./shown.js";

/**
 * The stories a publication reads bodies from: a catalog (see state/catalog.ts) is one. Named
 * here, by what publishing needs, so this stage does not depend on the one that keeps state.
 */
export interface StorySource {
  readonly config: Config;
  readonly storiesDir: string;
  get(file: string): { hash: string } | undefined;
  /** How many files have left it, ever, if it counts them: a publication's memory (see shown.ts) needs it. */
  readonly removals?: number;
  hydrate(stories: readonly Story[], retain?: boolean): Promise<Story[]>;
}

/** The files each feed is written as: one per format. */
const FORMATS = Object.keys(FEED_FORMATS) as FeedFile[];

/** The HTML views of each live feed, which `serve` shows browsers (see render/site.ts). */
const VIEWS = ["rss.html", "atom.html"] as const;

/** `index.json`, beside the main feed: every live feed with its URLs and item count. */
export const INDEX_FILE = "index.json";

export interface PublishResult {
  /** Output files whose bytes changed, relative to the output folder. */
  written: string[];
  /** Output files rendered again whose bytes were already right. */
  unchanged: string[];
  /** Output files removed: feeds no longer planned (a desk with no stories left, an archive page gone). */
  removed: string[];
  /** Every output file of every feed, rendered this time or not. */
  files: string[];
  /** How many stories are in at least one feed as an item (archive pages included). */
  published: number;
  /** Fingerprint of every feed published, by prefix: pass back in to skip unchanged feeds. */
  fingerprints: Map<string, string>;
  /** The last release of every story (see `Release`): pass back in so versions only go up. The map given as `released`, brought up to date. */
  released: Map<string, Release>;
  /** Problems found while publishing: an edit that lowers a published version (`version-lowered`). */
  diagnostics: Diagnostic[];
  /** The archive pages' plans: pass back in (`options.pages`) so unchanged pages are not planned again. */
  pages: Map<string, PagePlan>;
  /** What the release bookkeeping found (see publish/shown.ts): pass back in (`options.memory`) with `released`. */
  memory?: ShownMemory;
  /** The ids of the stories shown in a live feed (main, config or desk feed), not only on archive pages. */
  live: ReadonlySet<string>;
}

export interface PublishOptions {
  /** Render many stale archive pages on worker threads (a cold build's bulk). */
  parallelPages?: boolean;
  /** Archive page plans from the last call (`result.pages`), reused where their stories are unchanged. */
  pages?: ReadonlyMap<string, PagePlan>;
  /** Told of every output file written, as it is. */
  progress?: Progress;
  /** The last call's `result.memory`, for the same `released` and story source: its bookkeeping starts from there. */
  memory?: ShownMemory;
}

/**
 * Renders and writes every feed whose fingerprint changed since `previous` (I/O), writes
 * `index.json`, and removes the feeds no longer planned. Bodies are read only for the stories
 * these feeds show; an archive page's bodies only while that page is rendered.
 * @param previous fingerprints from the last call (`result.fingerprints`), to skip unchanged feeds.
 * @param released releases from the last call (`result.released`): the version rule compares
 *   each story with them, and a refused edit's published version stays (see `applyVersionRule`).
 *   Brought up to date in place once every file is written (see `updateReleases`), and returned.
 */
export async function publish(
  catalog: StorySource, stories: readonly Story[], out: string, now: Date,
  previous: ReadonlyMap<string, string> = new Map(), released: Map<string, Release> = new Map(),
  { parallelPages = false, pages: reuse, progress, memory }: PublishOptions = {},
): Promise<PublishResult> {
  const book = new ReleaseBook(stories, released, catalog, memory);
  const rule = book.rule;
  const { plans, pages: pagePlans } = planFeedsReusing(rule.stories, catalog.config, now, reuse);
  const fingerprintOf = (p: FeedPlan) => {
    const page = pagePlans.get(p.prefix);
    return page ? (page.fingerprint ??= fingerprint(p)) : fingerprint(p);
  };
  const fingerprints = new Map(plans.map((p) => [p.prefix, fingerprintOf(p)]));
  const stale = plans.filter((p) => previous.get(p.prefix) !== fingerprints.get(p.prefix));
  const liveFeeds = plans.filter((p) => p.kind !== "archive");
  const site = siteFiles(liveFeeds.map((p) => p.doc), catalog.config);
  const precompress = catalog.config.precompress;
  const written = [
    ...plans.flatMap((p) => FORMATS.map((name) => `${p.prefix}${name}`)),
    ...liveFeeds.flatMap((p) => VIEWS.map((name) => `${p.prefix}${name}`)),
    ...site.keys(), INDEX_FILE,
  ];
  // The siblings are outputs too: the build record notices one deleted by hand.
  const files = precompress ? written.flatMap((f) => [f, ...siblingsOf(f)]) : written;
  const result: PublishResult = {
    written: [], unchanged: [], removed: [], files, published: 0, fingerprints, released, diagnostics: rule.diagnostics,
    pages: pagePlans, live: new Set(),
  };
  const shown = book.show(plans);
  result.published = shown.published;
  result.live = shown.live;
  const bodies = new Map<string, StoryBody>();
  // A refused edit's story shows its published body; any other, its file's (by path, and item: see `storyRef`).
  const withBody = (s: Story, fromFiles: ReadonlyMap<string, Story>, prefix: string) =>
    rule.kept.has(s.id) ? keptBody(s, rule.kept.get(s.id)!, out, prefix, catalog.config.siteUrl) : fromFiles.get(storyRef(s)) ?? s;
  const put = async (file: string, content: FeedText) => {
    (await writeOutput(join(out, file), content, precompress) ? result.written : result.unchanged).push(file);
    progress?.wrote(1);
  };
  const write = async (p: FeedPlan, items: Story[]) => {
    const doc = { ...p.doc, items: items.map(withCorrection) };
    for (const [name, content] of Object.entries(renderAllLines(doc, catalog.config.siteUrl))) await put(`${p.prefix}${name}`, content);
    // Live feeds also get the HTML views that `serve` shows browsers; archive pages are for readers.
    if (p.kind !== "archive") for (const [file, content] of feedViews(doc, catalog.config)) await put(file, content);
  };
  // Live feeds: their bodies are hydrated together and stay in the catalog for the next call.
  const liveStale = stale.filter((p) => p.kind !== "archive");
  const fromFiles = await hydrated(catalog, liveStale.flatMap((p) => p.doc.items).filter((s) => !rule.kept.has(s.id)), true);
  for (const p of liveStale) {
    const items = p.doc.items.map((s) => withBody(s, fromFiles, p.prefix));
    items.forEach((s, i) => s !== p.doc.items[i] && bodies.set(s.id, { contentHtml: s.contentHtml, summary: s.summary }));
    await write(p, items);
  }
  // Archive pages: one at a time, their bodies dropped once written. With `parallelPages`, those
  // holding no refused edit (whose body comes from the published feed) go to every core.
  const pages = stale.filter((p) => p.kind === "archive");
  const plain = parallelPages ? pages.filter((p) => !p.doc.items.some((s) => rule.kept.has(s.id))) : [];
  if (plain.length > 0) {
    const tasks = plain.map((page) => ({ page, hashes: Object.fromEntries(page.doc.items.map((s) => [s.file, catalog.get(s.file)?.hash ?? ""])) }));
    const done = await renderPagesParallel({ storiesDir: catalog.storiesDir, out, siteUrl: catalog.config.siteUrl, precompress }, tasks, progress);
    result.written.push(...done.written);
    result.unchanged.push(...done.unchanged);
  }
  for (const p of pages.filter((p) => !plain.includes(p))) {
    const pageFiles = await hydrated(catalog, p.doc.items.filter((s) => !rule.kept.has(s.id)), false);
    await write(p, p.doc.items.map((s) => withBody(s, pageFiles, p.prefix)));
  }
  for (const [file, content] of site) await put(file, content);
  const before = readIndex(out);
  const index = renderIndex(indexEntries(plans), catalog.config);
  await put(INDEX_FILE, index);
  result.removed = removeStale(out, plans, before);
  book.update(bodies);
  const kept = book.memory();
  if (kept) result.memory = kept;
  return result;
}

/** The given stories with bodies, by `storyRef` (see `Catalog.hydrate`); a story whose file could not be rendered is left out. */
async function hydrated(catalog: StorySource, stories: readonly Story[], retain: boolean): Promise<Map<string, Story>> {
  const unique = [...new Map(stories.map((s) => [storyRef(s), s])).values()];
  const full = await catalog.hydrate(unique, retain);
  const out = new Map<string, Story>();
  full.forEach((s, i) => s !== unique[i] && out.set(storyRef(s), s));
  return out;
}

/**
 * A story as published, for a refused edit: its kept release with its body. A release without a
 * body (it was on archive pages only) takes it from the feed file being replaced, which shows it;
 * failing that, its summary stands in for the body.
 */
function keptBody(s: Story, release: Release, out: string, prefix: string, siteUrl: string): Story {
  return { ...s, ...(release.body ?? recoverBody(out, prefix, s, siteUrl)) };
}

function recoverBody(out: string, prefix: string, s: Story, siteUrl: string): StoryBody {
  try {
    const feed = JSON.parse(readFileSync(join(out, prefix, "feed.json"), "utf8")) as { items?: { id: string; content_html: string; summary: string }[] };
    const item = feed.items?.find((i) => i.id === itemId(siteUrl, s.id));
    if (item) return { contentHtml: withoutCorrection(withoutCredit(item.content_html), s.correction), summary: item.summary };
  } catch {
    // No such file, or not ours: fall back below.
  }
  const summary = s.summary;
  return { contentHtml: `<p>${escapeHtml(summary)}</p>`, summary };
}

/** The feed paths the last `index.json` listed (empty without one). */
function readIndex(out: string): string[] {
  try {
    const index = JSON.parse(readFileSync(join(out, INDEX_FILE), "utf8")) as { feeds?: { path?: unknown }[] };
    return (index.feeds ?? []).map((f) => f.path).filter((p): p is string => typeof p === "string" && p !== "");
  } catch {
    return [];
  }
}

/**
 * Removes feeds no longer planned (I/O): any folder in `categories/` or `archive/` that no plan
 * uses (wirefeed owns those folders whole), and the files of a config-defined feed the previous
 * `index.json` listed and config no longer defines (its folder too, once empty).
 * @returns the files removed, relative to the output folder, sorted.
 */
function removeStale(out: string, plans: readonly FeedPlan[], before: readonly string[]): string[] {
  const planned = new Set(plans.map((p) => p.prefix));
  const removed: string[] = [];
  for (const owned of OWNED_FOLDERS) {
    let names: string[];
    try {
      names = readdirSync(join(out, owned));
    } catch {
      continue;
    }
    for (const name of names) {
      const prefix = `${owned}/${name}/`;
      if (planned.has(prefix)) continue;
      // Reported without the precompressed siblings (removed with their files all the same).
      const inside = readdirSync(join(out, prefix), { recursive: true, encoding: "utf8" }).filter((f) => !isSibling(f)).map((f) => `${prefix}${f}`);
      rmSync(join(out, prefix), { recursive: true, force: true });
      removed.push(...inside);
    }
    // Left empty: gone too, as a build from nothing would not have made it.
    if (!plans.some((p) => p.prefix.startsWith(`${owned}/`))) rmSync(join(out, owned), { recursive: true, force: true });
  }
  for (const path of before) {
    if (planned.has(`${path}/`) || OWNED_FOLDERS.some((f) => path.startsWith(`${f}/`))) continue;
    for (const name of [...FORMATS, ...VIEWS].flatMap((f) => [f, ...siblingsOf(f)])) {
      try {
        unlinkSync(join(out, path, name));
        if (!isSibling(name)) removed.push(`${path}/${name}`);
      } catch {
        // Already gone.
      }
    }
    try {
      rmdirSync(join(out, path));
    } catch {
      // Not empty (other files live there) or gone: leave it.
    }
  }
  return removed.sort();
}
