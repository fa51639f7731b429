import { statSync } from "node:fs";
import { join } from "node:path";
import { OWNED_FOLDERS } from "../config/feeds.js";
import { nextEmbargo } from "../desk/eligibility.js";
import { applyVersionRule } from "../desk/versions.js";
import type { StoryFile } from "../ingest/read.js";
import { canonicalJson } from "../model/canonical.js";
import { sortDiagnostics, type Diagnostic } from "../model/diagnostics.js";
import type { Story } from "../model/story.js";
import { markWriting } from "../publish/write.js";
import { emptyCache, loadCache, saveCache, type BuildCache } from "../state/cache.js";
import { loadFirstSeen, saveFirstSeen } from "../state/first-seen.js";
import { pagesLine } from "../state/pack.js";
import type { Catalog } from "../state/catalog.js";
import { embargoWindow, isRacy, namesIn, type Head, type RecordedFile } from "../state/record.js";
import { folders, publicationFrom, publishCatalog, recordKey, scan, type PipelineOptions } from "./pipeline.js";

// For the scan benchmark (bench/run.mjs), which loads this module.
export { scan } from "./pipeline.js";

export interface BuildOptions extends PipelineOptions {
  /**
   * Use and update the build record in the output folder (default true): its cache of every
   * story file, and its head, from which the next build can find, from file stats alone, that
   * nothing changed (see `upToDate` in state/record.ts).
   */
  cache?: boolean;
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
  const cache = options.cache === false ? emptyCache() : loadCache(out, recordKey(options));
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
  const key = recordKey(options);
  // With each entry's line, so the record is written back without serializing unchanged entries again.
  const cache = options.cache === false ? emptyCache() : loadCache(out, key, { keepLines: true });
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
  if (options.cache === false) return result;
  // The record's time is the real clock's, not `now`: it is compared with files' mtimes.
  const head = headOf(key, Date.now(), out, files, catalog, published.files, listing, stories, options.now, result, gitIndex);
  // Written unless it would say what it says: every entry as cached, no file racy against it
  // (so it is hashed no more), the same fingerprints and the same head.
  const same = cached === read && cache.entries.size === read && published.written.length === 0 && published.removed.length === 0 &&
    sameEntries(published.fingerprints, cache.fingerprints) &&
    !files.some((f) => isRacy(catalog.get(f.file)!.mtimeMs, cache.writtenAt)) && sameHead(head, cache.head);
  if (!same) {
    await saveCache(out, head, {
      entries: new Map([...catalog.all()].map((e) => [e.file, e])), fingerprints: published.fingerprints, released: published.released, lines: cache.lines,
      pages: pagesLine(published.pages, published.live, (file) => catalog.get(file)),
    });
  }
  return result;
}

/**
 * The record's head for this build's inputs and outputs (see record.ts): it vouches for nothing
 * (no report) when a story file could not be read, since a permission fixed later changes no file time.
 */
function headOf(
  key: string, writtenAt: number, out: string, listed: readonly StoryFile[], catalog: Catalog, written: readonly string[],
  listing: Diagnostic[], stories: readonly Story[], now: Date, result: BuildResult, gitIndex?: [file: string, size: number, mtimeMs: number],
): Omit<Head, "released"> {
  const files = listed.map(({ file }): RecordedFile => {
    const entry = catalog.get(file)!;
    // With its hash whatever its time, so a file whose time alone moved (a fresh checkout) is found
    // unchanged by the up-to-date check, without the pipeline (see `upToDate`).
    return entry.size < 0 ? [file, entry.size, entry.mtimeMs] : [file, entry.size, entry.mtimeMs, entry.hash];
  });
  const outputs: Head["outputs"] = [];
  for (const f of written) {
    const st = statSync(join(out, f), { throwIfNoEntry: false });
    if (st) outputs.push([f, st.size, st.mtimeMs]);
  }
  const embargoes = stories.flatMap((s) => (s.embargo ? [s.embargo.getTime()] : []));
  const vouches = files.every(([, size]) => size >= 0);
  return {
    key, writtenAt, files, outputs, ...embargoWindow(embargoes, now.getTime()), listing: JSON.stringify(listing),
    owned: Object.fromEntries(OWNED_FOLDERS.map((f) => [f, namesIn(join(out, f))])),
    ...(gitIndex !== undefined ? { git: gitIndex } : {}),
    ...(vouches ? {
      report: {
        read: result.read, published: result.published, diagnostics: result.diagnostics,
        ...(result.nextEmbargo ? { nextEmbargo: result.nextEmbargo.toISOString() } : {}),
      },
    } : {}),
  };
}

/** Whether two heads say the same, their times aside. */
function sameHead(head: Omit<Head, "released">, old: Head | undefined): boolean {
  if (!old) return false;
  const { writtenAt: _a, released: _r, ...was } = old;
  const { writtenAt: _b, ...is } = head;
  return canonicalJson(is) === canonicalJson(was);
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}
