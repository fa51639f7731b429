/**
 * Archive pages rendered in bulk, on worker threads when there are many: a cold build renders
 * every story once into its page, the costliest part of building a large archive.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { FeedPlan } from "./feeds.js";
import { hashBytes, withBodyFromBytes } from "./load.js";
import { renderAllLines } from "./render/index.js";
import { withCorrection } from "./rules.js";
import type { Story } from "./story.js";
import { runShared } from "./threads.js";
import { writeAtomic } from "./write.js";

/** Everything a thread needs to render pages: plain data, so it crosses to a worker as is. */
export interface PageJob {
  pages: FeedPlan[];
  /** Content hash of each story file as catalogued: a file changed since is not rendered from. */
  hashes: Record<string, string>;
  storiesDir: string;
  out: string;
  siteUrl: string;
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
export async function renderPages(job: PageJob): Promise<PageResult> {
  const results: PageResult[] = [];
  // One page at a time: its stories' bodies are dropped before the next is read.
  for (const page of job.pages) results.push(await renderPage(job, page));
  return merge(results);
}

/** Renders and writes one page (see {@link renderPages}). */
export async function renderPage(job: PageJob, page: FeedPlan): Promise<PageResult> {
  const result: PageResult = { written: [], unchanged: [] };
  const items = page.doc.items.map((s) => withCorrection(withBody(s, job)));
  for (const [name, content] of Object.entries(renderAllLines({ ...page.doc, items }, job.siteUrl))) {
    const file = `${page.prefix}${name}`;
    (await writeAtomic(join(job.out, file), content) ? result.written : result.unchanged).push(file);
  }
  return result;
}

function merge(results: readonly PageResult[]): PageResult {
  return { written: results.flatMap((r) => r.written), unchanged: results.flatMap((r) => r.unchanged) };
}

function withBody(story: Story, job: PageJob): Story {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(job.storiesDir, story.file));
  } catch {
    return story;
  }
  return hashBytes(bytes) === job.hashes[story.file] ? withBodyFromBytes(story, bytes) : story;
}

/** Below this many pages, starting worker threads costs more than it saves. */
const PARALLEL_FROM = 8;

/** Renders the pages on every core (see threads.ts). */
export async function renderPagesParallel(job: PageJob): Promise<PageResult> {
  const threads = Math.min(availableParallelism(), 8);
  if (job.pages.length < PARALLEL_FROM || threads < 2) return renderPages(job);
  return merge(await runShared(job.pages.length, threads, 1, new URL("./page-worker.js", import.meta.url), job, (k) => renderPage(job, job.pages[k]!)));
}
