import { resolve } from "node:path";
import { nextEmbargo } from "./archive.js";
import { Catalog } from "./catalog.js";
import type { Config } from "./config.js";
import { sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { publish } from "./feeds.js";
import { loadEntry } from "./load.js";
import { listStories } from "./read.js";
import type { Story } from "./story.js";

export interface BuildOptions {
  config: Config;
  /** Stories folder; default `config.stories`. */
  stories?: string;
  /** Output folder; default `config.output`. */
  out?: string;
  /** The instant rules such as embargoes are judged at. Passed in, never read from the clock here. */
  now: Date;
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
  /** Output files left alone because their bytes were already right. */
  unchanged: string[];
  /** The next embargo to lift after `now`, if any. */
  nextEmbargo?: Date;
}

const READ_CONCURRENCY = 32;

/** Resolved stories and output folders for a build or check. */
export function folders(options: Pick<BuildOptions, "config" | "stories" | "out">): { stories: string; out: string } {
  return { stories: resolve(options.stories ?? options.config.stories), out: resolve(options.out ?? options.config.output) };
}

/** Lists and reads every story file into a new catalog (I/O). */
export async function scan(options: BuildOptions): Promise<{ catalog: Catalog; read: number; listing: Diagnostic[] }> {
  const { stories, out } = folders(options);
  const catalog = new Catalog(options.config, stories);
  const listed = await listStories(stories, out);
  const entries = await mapLimit(listed.files, READ_CONCURRENCY, (sf) => loadEntry(sf, options.config));
  for (const e of entries) catalog.set(e);
  return { catalog, read: listed.files.length, listing: listed.diagnostics };
}

/**
 * Reads and validates every story without writing anything: what `wirefeed check` reports.
 * @example const { diagnostics } = await check({ config, now: new Date() })
 */
export async function check(options: BuildOptions): Promise<CheckResult> {
  const { catalog, read, listing } = await scan(options);
  const { stories, diagnostics } = catalog.resolve();
  return { read, stories, diagnostics: sortDiagnostics([...listing, ...diagnostics]) };
}

/**
 * The pipeline once: read → normalize → select → render → write (atomically, skipping files
 * whose bytes are unchanged). Every good story is published whatever the others hold.
 * @example const result = await build({ config, now: new Date("2026-11-24T12:00:00Z") })
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const { catalog, read, listing } = await scan(options);
  const { stories, diagnostics } = catalog.resolve();
  const published = await publish(catalog, stories, folders(options).out, options.now);
  return {
    read,
    stories,
    diagnostics: sortDiagnostics([...listing, ...diagnostics]),
    published: published.published.size,
    written: published.written,
    unchanged: published.unchanged,
    nextEmbargo: nextEmbargo(stories, options.now),
  };
}

/** Maps with at most `limit` calls in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
