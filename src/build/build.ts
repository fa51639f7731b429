import { statSync } from "node:fs";
import { join } from "node:path";
import { OWNED_FOLDERS } from "../config/feeds.js";
import { nextEmbargo } from "../desk/eligibility.js";
import { applyVersionRule } from "../desk/versions.js";
import type { StoryFile } from "../ingest/read.js";
import { sortDiagnostics, type Diagnostic } from "../model/diagnostics.js";
import type { Story } from "../model/story.js";
import { markWriting } from "../publish/write.js";
import { cacheKey, emptyCache, loadCache, saveCache, type BuildCache } from "../state/cache.js";
import { loadFirstSeen, saveFirstSeen } from "../state/first-seen.js";
import type { Catalog } from "../state/catalog.js";
import { embargoWindow, namesIn, removeStamp, writeStamp, type StampedFile } from "../state/stamp.js";
import { VERSION } from "../version.js";
import { folders, publicationFrom, publishCatalog, scan, type PipelineOptions } from "./pipeline.js";

export { folders, intactFingerprints, scan } from "./pipeline.js";

export interface BuildOptions extends PipelineOptions {
  /** Use and update the build cache in the output folder (default true). */
  cache?: boolean;
  /**
   * With the cache on, leave an up-to-date stamp under this key (see `stampKey` in stamp.ts), so
   * the next build can find, from file stats alone, that nothing changed. The caller makes the key
   * from what it can check without loading the config schema (the CLI: the config file's text).
   */
  stamp?: string;
}

export interface CheckResult {
  /** Story files read. */
  read: number;
  /** Stories that passed, after duplicate ids were resolved (without rendered bodies). */
  stories: Story[];
  /** Every problem, sorted by file and position. */
  diagnostics: Diagnostic[];
}

export interface BuildResult extends CheckResult {
  /** Stories in at least one feed. */
  published: number;
  /** Output files whose bytes changed, relative to the output folder. */
  written: string[];
  /** Output files rendered again whose bytes were already right. */
  unchanged: string[];
  /** Output files removed: desk feeds left without stories, archive pages no longer needed. */
  removed: string[];
  /** Story files taken from the cache without parsing. */
  cached: number;
  /** The next embargo to lift after `now`, if any. */
  nextEmbargo?: Date;
}

/**
 * Reads and validates every story without writing anything: what `wirefeed check` reports.
 * Uses the build cache when there is one, but never writes it.
 * @example const { diagnostics } = await check({ config, now: new Date() })
 */
export async function check(options: BuildOptions): Promise<CheckResult> {
  const { out } = folders(options);
  const cache = options.cache === false ? emptyCache() : loadCache(out, cacheKey(options.config, VERSION));
  const { catalog, read, listing } = await scan(options, cache, loadFirstSeen(out));
  const { stories, diagnostics } = catalog.resolve();
  // A lowered version is found against the last build's releases, as `build` would find it.
  const lowered = applyVersionRule(stories, cache.released).diagnostics;
  return { read, stories, diagnostics: sortDiagnostics([...listing, ...diagnostics, ...lowered]) };
}

/**
 * The pipeline once: read → normalize → select → render → write (atomically, skipping files
 * whose bytes are unchanged). Every good story is published whatever the others hold. With the
 * cache (the default), unchanged story files are not parsed and unchanged feeds not rendered.
 * @example const result = await build({ config, now: new Date("2026-11-24T12:00:00Z") })
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const { out } = folders(options);
  const key = cacheKey(options.config, VERSION);
  const cache = options.cache === false ? emptyCache() : loadCache(out, key);
  // Marked while it writes; what a writer killed mid-write (SIGKILL, power loss) left is tidied first.
  const release = markWriting(out);
  try {
    return await buildMarked(options, out, key, cache);
  } finally {
    release();
  }
}

async function buildMarked(options: BuildOptions, out: string, key: string, cache: BuildCache): Promise<BuildResult> {
  const { catalog, read, cached, listing, files, firstSeen, gitIndex } = await scan(options, cache, loadFirstSeen(out));
  // Kept whether or not the cache is: these times cannot be made again.
  if (firstSeen) await saveFirstSeen(out, firstSeen);
  const { stories, diagnostics, published } = await publishCatalog(catalog, out, options.now, publicationFrom(out, cache), options.parallel !== false, options.progress);
  const unchanged = cached === read && cache.entries.size === read && published.written.length === 0 &&
    published.removed.length === 0 && sameEntries(published.fingerprints, cache.fingerprints);
  let outputs = cache.outputs;
  if (options.cache !== false && !unchanged) {
    outputs = new Map<string, [number, number]>();
    for (const f of published.files) {
      const st = statSync(join(out, f), { throwIfNoEntry: false });
      if (st) outputs.set(f, [st.size, st.mtimeMs]);
    }
    const entries = new Map([...catalog.all()].map((e) => [e.file, e]));
    // The cache's time is the real clock's, not `now`: it is compared with files' mtimes.
    await saveCache(out, key, { entries, fingerprints: published.fingerprints, outputs, writtenAt: Date.now(), released: published.released });
  }
  const result: BuildResult = {
    read,
    cached,
    stories,
    diagnostics: sortDiagnostics([...listing, ...diagnostics, ...published.diagnostics]),
    published: published.published,
    written: published.written,
    unchanged: published.unchanged,
    removed: published.removed,
    nextEmbargo: nextEmbargo(stories, options.now),
  };
  if (options.cache !== false && options.stamp !== undefined) {
    await stampBuild(options.stamp, out, files, catalog, outputs, listing, stories, options.now, result, gitIndex);
  }
  return result;
}

/**
 * Leaves the up-to-date stamp for this build's inputs and outputs (see stamp.ts), or removes a
 * stale one when a story file could not be read: a permission fixed later changes no file time.
 */
async function stampBuild(
  key: string, out: string, files: readonly StoryFile[], catalog: Catalog, outputs: ReadonlyMap<string, [number, number]>,
  listing: Diagnostic[], stories: readonly Story[], now: Date, result: BuildResult, gitIndex?: [file: string, size: number, mtimeMs: number],
): Promise<void> {
  const writtenAt = Date.now();
  const stamped: StampedFile[] = [];
  for (const { file } of files) {
    const entry = catalog.get(file);
    if (!entry || entry.size < 0) return removeStamp(out);
    // With its hash, so a file whose time alone moved is found unchanged without the pipeline.
    stamped.push([file, entry.size, entry.mtimeMs, entry.hash]);
  }
  const embargoes = stories.flatMap((s) => (s.embargo ? [s.embargo.getTime()] : []));
  await writeStamp(out, {
    key, writtenAt, ...embargoWindow(embargoes, now.getTime()), listing: JSON.stringify(listing), files: stamped,
    owned: Object.fromEntries(OWNED_FOLDERS.map((f) => [f, namesIn(join(out, f))])),
    outputs: [...outputs].map(([file, [size, mtimeMs]]) => [file, size, mtimeMs]),
    ...(gitIndex !== undefined ? { git: gitIndex } : {}),
    report: {
      read: result.read, published: result.published, diagnostics: result.diagnostics,
      ...(result.nextEmbargo ? { nextEmbargo: result.nextEmbargo.toISOString() } : {}),
    },
  });
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}
