/**
 * Archive pages rendered in bulk, on worker threads when there are many: a cold build renders
 * every story once into its page, the costliest part of building a large archive.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { hashBytes } from "../ingest/hash.js";
import type { FeedPlan } from "../model/feed.js";
import { withBodyFromBytes } from "../normalize/from-bytes.js";
import { renderAllLines } from "../render/index.js";
import { withCorrection } from "../desk/corrections.js";
import type { Progress } from "../model/progress.js";
import type { Story } from "../model/story.js";
import { runShared } from "./threads.js";
import { writeOutput } from "./precompress.js";

/** What every thread rendering pages shares: plain data, so it crosses to a worker as is. */
export interface PageJob {
  storiesDir: string;
  out: string;
  siteUrl: string;
  /** Write `.gz` and `.br` siblings (config `precompress`). */
  precompress: boolean;
}

/** One page to render, sent to the thread that renders it. */
export interface PageTask {
  page: FeedPlan;
  /** Content hash of each of the page's story files as catalogued: a file changed since is not rendered from. */
  hashes: Record<string, string>;
}

export interface PageResult {
  written: string[];
  unchanged: string[];
}

/**
 * Renders and writes the pages in this thread. Each story's body comes from its file, as long as
 * the file is still what was catalogued; otherwise the story goes without a body until its own
 * change is processed (as `Catalog.hydrate` does).
 */
async function renderPages(job: PageJob, tasks: readonly PageTask[]): Promise<PageResult> {
  const results: PageResult[] = [];
  // One page at a time: its stories' bodies are dropped before the next is read.
  for (const task of tasks) results.push(await renderPage(job, task));
  return merge(results);
}

/** Renders and writes one page (see {@link renderPages}). */
export async function renderPage(job: PageJob, { page, hashes }: PageTask): Promise<PageResult> {
  const result: PageResult = { written: [], unchanged: [] };
  const items = page.doc.items.map((s) => withCorrection(withBody(s, job.storiesDir, hashes, job.siteUrl)));
  for (const [name, content] of Object.entries(renderAllLines({ ...page.doc, items }, job.siteUrl))) {
    const file = `${page.prefix}${name}`;
    (await writeOutput(join(job.out, file), content, job.precompress) ? result.written : result.unchanged).push(file);
  }
  return result;
}

function merge(results: readonly PageResult[]): PageResult {
  return { written: results.flatMap((r) => r.written), unchanged: results.flatMap((r) => r.unchanged) };
}

function withBody(story: Story, storiesDir: string, hashes: Readonly<Record<string, string>>, siteUrl: string): Story {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(storiesDir, story.file));
  } catch {
    return story;
  }
  // A page rendered here holds no refused edit (see `publish`): each story is its file's entry's,
  // so its `bodyOffset` belongs to the bytes of that entry's hash.
  return hashBytes(bytes) === hashes[story.file] ? withBodyFromBytes(story, bytes, siteUrl, story.bodyOffset) : story;
}

/**
 * Below this many pages, starting worker threads costs more than it saves. A worker spends
 * ~0.1–0.15 CPU-seconds loading its modules before it renders a page, and a page of fifty
 * stories takes ~25 ms here: at 1,000 stories (20 pages) a page worker added 150–400 ms of CPU
 * to the build for a wall-clock gain that two shared cores did not show (#20). From 2,000
 * stories, as for parsing (see `PARALLEL_FROM` in build/pipeline.ts).
 */
const PARALLEL_FROM = 40;

/** Renders the pages on every core (see threads.ts). */
export async function renderPagesParallel(job: PageJob, tasks: readonly PageTask[], progress?: Progress): Promise<PageResult> {
  const threads = Math.min(availableParallelism(), 8);
  const counted = (r: PageResult) => (progress?.wrote(r.written.length + r.unchanged.length), r);
  if (tasks.length < PARALLEL_FROM || threads < 2) {
    const results: PageResult[] = [];
    for (const task of tasks) results.push(counted(await renderPage(job, task)));
    return merge(results);
  }
  return merge(await runShared(tasks.length, threads, 1, new URL("./page-worker.js", import.meta.url), job, (k) => tasks[k]!,
    async (k) => counted(await renderPage(job, tasks[k]!)), counted));
}
