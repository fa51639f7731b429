import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { nextEmbargo } from "./archive.js";
import { cacheKey, emptyCache, loadCache, saveCache, type BuildCache } from "./cache.js";
import { Catalog } from "./catalog.js";
import type { Config } from "./config.js";
import { sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { publish } from "./feeds.js";
import { applyVersionRule } from "./rules.js";
import { entryFromBytes, hashBytes, historyOf, loadEntrySync, sameFacts, withSharedValues, type Entry } from "./load.js";
import { gitDates } from "./git-dates.js";
import { loadFirstSeen, saveFirstSeen, see } from "./first-seen.js";
import { runShared } from "./threads.js";
import { listStories, readStorySync, timedByFile, type StoryFile } from "./read.js";
import type { Story } from "./story.js";
import { VERSION } from "./version.js";
import { markWriting } from "./write.js";
import { embargoWindow, isRacy, namesIn, removeStamp, writeStamp, type StampedFile } from "./stamp.js";
import { OWNED_FOLDERS } from "./desk.js";

export interface BuildOptions {
  config: Config;
  /** Stories folder; default `config.stories`. */
  stories?: string;
  /** Output folder; default `config.output`. */
  out?: string;
  /** The instant rules such as embargoes are judged at. Passed in, never read from the clock here. */
  now: Date;
  /** Use and update the build cache in the output folder (default true). */
  cache?: boolean;
  /** Parse a large cold archive, and render many archive pages, on worker threads (default true). */
  parallel?: boolean;
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

/** Resolved stories and output folders for a build or check. */
export function folders(options: Pick<BuildOptions, "config" | "stories" | "out">): { stories: string; out: string } {
  return { stories: resolve(options.stories ?? options.config.stories), out: resolve(options.out ?? options.config.output) };
}

/**
 * Lists and reads every story file into a new catalog (I/O). A file whose cached entry still
 * matches (same size and modification time, or same content hash) is not parsed again.
 */
export async function scan(options: BuildOptions, cache: BuildCache = emptyCache(), seen: ReadonlyMap<string, number> = new Map()): Promise<ScanResult> {
  const { stories, out } = folders(options);
  const catalog = new Catalog(options.config, stories);
  const listed = await listStories(stories, out);
  const { files, firstSeen, gitIndex } = withHistory(listed.files, stories, seen, options.now);
  let cached = 0;
  const unknown: StoryFile[] = [];
  for (const sf of files) {
    const known = cache.entries.get(sf.file);
    if (!known) {
      unknown.push(sf);
      continue;
    }
    const entry = revalidate(sf, known, cache.writtenAt, options.config);
    if (entry === known) cached++;
    catalog.set(entry);
  }
  for (const entry of await loadAll(unknown, options.config, options.parallel !== false)) catalog.set(entry);
  return { catalog, read: files.length, cached, listing: listed.diagnostics, files, firstSeen, gitIndex };
}

export interface ScanResult {
  catalog: Catalog;
  read: number;
  cached: number;
  listing: Diagnostic[];
  files: StoryFile[];
  /** The first-seen times with this scan's new raw files added, when there are any (to be saved). */
  firstSeen?: Map<string, number>;
  /** The git index the commit dates were read against, when the stories are in a repository. */
  gitIndex?: [file: string, size: number, mtimeMs: number];
}

/**
 * The listed files with what dates a raw story besides its text (see `rawDate`): when git first
 * saw each (one `git log` for the folder, only when there is raw text), and when a build did,
 * `now` for a file seen for the first time.
 */
function withHistory(listed: StoryFile[], stories: string, seen: ReadonlyMap<string, number>, now: Date): Pick<ScanResult, "files" | "firstSeen" | "gitIndex"> {
  const raw = listed.filter((sf) => timedByFile(sf.file));
  if (raw.length === 0) return { files: listed };
  const git = gitDates(stories);
  const firstSeen = see(seen, raw.map((sf) => sf.file), now.getTime());
  const times = firstSeen ?? seen;
  const files = listed.map((sf) => timedByFile(sf.file) ? { ...sf, committed: git.committed.get(sf.file), firstSeen: times.get(sf.file) } : sf);
  return { files, firstSeen, gitIndex: git.index };
}

/** Below this many files to parse, starting worker threads costs more than it saves. */
const PARALLEL_FROM = 2000;

/** Files handed out per batch: few enough to balance, enough to be cheap. */
const BATCH = 32;

/**
 * Reads and catalogues files, on every core when there are many (see threads.ts). Entries come
 * back in the files' order.
 */
async function loadAll(files: StoryFile[], config: Config, parallel: boolean): Promise<Entry[]> {
  const threads = parallel ? Math.min(availableParallelism(), 8) : 1;
  if (files.length < PARALLEL_FROM || threads < 2) return files.map((sf) => loadEntrySync(sf, config));
  return runShared(files.length, threads, BATCH, new URL("./scan-worker.js", import.meta.url), { config }, (i) => files[i]!, (i) => loadEntrySync(files[i]!, config),
    // An entry from a worker arrives as a copy, with its own copy of every value.
    (e) => (e.story ? { ...e, story: withSharedValues(e.story) } : e));
}

/** The cached entry if the file is unchanged, else the file read again. */
function revalidate(sf: StoryFile, known: Entry, writtenAt: number, config: Config): Entry {
  const st = statSync(sf.path, { throwIfNoEntry: false });
  const history = historyOf(sf);
  if (st && st.size === known.size && st.mtimeMs === known.mtimeMs && !isRacy(st.mtimeMs, writtenAt) && sameFacts(known, st.mtimeMs, history)) return known;
  const { bytes, mtimeMs, diagnostics } = readStorySync(sf, config.maxBytes);
  if (!bytes || mtimeMs === undefined) return { file: sf.file, size: -1, mtimeMs: -1, hash: "", diagnostics };
  // Touched but unchanged: the same story, unless raw text's date may come out otherwise.
  if (known.hash === hashBytes(bytes) && sameFacts(known, mtimeMs, history)) return { ...known, size: bytes.length, mtimeMs };
  return entryFromBytes(sf.file, bytes, mtimeMs, config, history);
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
  const { stories, diagnostics } = catalog.resolve();
  const previous = intactFingerprints(out, cache);
  const published = await publish(catalog, stories, out, options.now, previous, cache.released, { parallelPages: options.parallel !== false });
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
    stamped.push(isRacy(entry.mtimeMs, writtenAt) ? [file, entry.size, entry.mtimeMs, entry.hash] : [file, entry.size, entry.mtimeMs]);
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

/**
 * The cached fingerprints of the feeds whose files are all still on disk as they were written: a
 * feed (folder) with a file edited or deleted by hand is rendered again, the others are not.
 */
export function intactFingerprints(out: string, cache: BuildCache): Map<string, string> {
  const broken = new Set<string>();
  for (const [file, [size, mtimeMs]] of cache.outputs) {
    const st = statSync(join(out, file), { throwIfNoEntry: false });
    if (!st || st.size !== size || st.mtimeMs !== mtimeMs) broken.add(file.slice(0, file.lastIndexOf("/") + 1));
  }
  return new Map([...cache.fingerprints].filter(([prefix]) => !broken.has(prefix)));
}
