import { join, resolve } from "node:path";
import { nextEmbargo } from "./archive.js";
import type { Config } from "./config.js";
import { sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { renderOutputs } from "./feeds.js";
import { loadStory, resolveDuplicates, type Loaded } from "./load.js";
import { listStories } from "./read.js";
import type { Story } from "./story.js";
import { writeAtomic } from "./write.js";

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
  /** Stories that passed, after duplicate ids were resolved. */
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

/**
 * Reads and validates every story without writing anything: what `wirefeed check` reports.
 * @example const { diagnostics } = await check({ config, now: new Date() })
 */
export async function check(options: BuildOptions): Promise<CheckResult> {
  const storiesDir = resolve(options.stories ?? options.config.stories);
  const outDir = resolve(options.out ?? options.config.output);
  const listed = await listStories(storiesDir, outDir);
  const loaded = await mapLimit(listed.files, READ_CONCURRENCY, (sf) => loadStory({ ...sf }, options.config));
  const { stories, diagnostics } = resolveDuplicates(loaded);
  return {
    read: listed.files.length,
    stories,
    diagnostics: sortDiagnostics([...listed.diagnostics, ...loaded.flatMap((l: Loaded) => l.diagnostics), ...diagnostics]),
  };
}

/**
 * The pipeline once: read → normalize → select → render → write (atomically, skipping files
 * whose bytes are unchanged). Every good story is published whatever the others hold.
 * @example const result = await build({ config, now: new Date("2026-11-24T12:00:00Z") })
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const checked = await check(options);
  const outDir = resolve(options.out ?? options.config.output);
  const { files, published } = renderOutputs(checked.stories, options.config, options.now);
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const [name, content] of files) {
    (await writeAtomic(join(outDir, name), content) ? written : unchanged).push(name);
  }
  return {
    ...checked,
    published: published.size,
    written,
    unchanged,
    nextEmbargo: nextEmbargo(checked.stories, options.now),
  };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
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
