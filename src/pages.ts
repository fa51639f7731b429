/**
 * Archive pages rendered in bulk, on worker threads when there are many: a cold build renders
 * every story once into its page, the costliest part of building a large archive.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { FeedPlan } from "./feeds.js";
import { hashBytes, withBodyFromBytes } from "./load.js";
import { renderAllLines } from "./render/index.js";
import { withCorrection } from "./rules.js";
import type { Story } from "./story.js";
import { writeAtomic } from "./write.js";

/** Everything a thread needs to render pages: plain data, so it crosses to a worker as is. */
export interface PageJob {
  pages: FeedPlan[];
  /** Content hash of each story file as catalogued: a file changed since is not rendered from. */
  hashes: Record<string, string>;
  storiesDir: string;
  out: string;
  siteUrl: string;
  /**
   * A counter shared by the threads rendering these pages: each takes the next page from it until
   * none are left (see `renderPagesParallel`). Without it, this thread renders every page.
   */
  next?: Int32Array;
}

export interface PageResult {
  written: string[];
  unchanged: string[];
  /** Indexes (in `pages`) of the pages this thread rendered. */
  done: number[];
}

/**
 * Renders and writes the pages in this thread. Each story's body comes from its file, as long as
 * the file is still what was catalogued; otherwise the story goes without a body until its own
 * change is processed (as `Catalog.hydrate` does).
 */
export async function renderPages(job: PageJob): Promise<PageResult> {
  const result: PageResult = { written: [], unchanged: [], done: [] };
  const take = job.next ? () => Atomics.add(job.next!, 0, 1) : (() => { let i = 0; return () => i++; })();
  for (let k = take(); k < job.pages.length; k = take()) {
    const page = job.pages[k]!;
    result.done.push(k);
    const items = page.doc.items.map((s) => withCorrection(withBody(s, job)));
    for (const [name, content] of Object.entries(renderAllLines({ ...page.doc, items }, job.siteUrl))) {
      const file = `${page.prefix}${name}`;
      (await writeAtomic(join(job.out, file), content) ? result.written : result.unchanged).push(file);
    }
  }
  return result;
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

/**
 * Renders the pages on every core. All threads take pages from one shared counter, so a worker
 * still starting up leaves its part to the threads already working, rather than them waiting
 * for it at the end. A page a worker took but never finished (it could not start, say from
 * TypeScript sources, or it failed) is rendered here afterwards.
 */
export async function renderPagesParallel(job: PageJob): Promise<PageResult> {
  const threads = Math.min(availableParallelism(), 8);
  if (job.pages.length < PARALLEL_FROM || threads < 2) return renderPages(job);
  const shared = { ...job, next: new Int32Array(new SharedArrayBuffer(4)) };
  const empty: PageResult = { written: [], unchanged: [], done: [] };
  const workers = Array.from({ length: threads - 1 }, () => new Promise<PageResult>((resolve) => {
    const worker = new Worker(new URL("./page-worker.js", import.meta.url), { workerData: shared });
    worker.once("message", (r: PageResult) => {
      resolve(r);
      void worker.terminate();
    });
    worker.once("error", () => resolve(empty));
    worker.once("exit", () => resolve(empty)); // ended without a word: as a failure (a no-op after its message)
  }));
  const results = [await renderPages(shared), ...(await Promise.all(workers))];
  const done = new Set(results.flatMap((r) => r.done));
  const missed = job.pages.filter((_, k) => !done.has(k));
  if (missed.length > 0) results.push(await renderPages({ ...job, pages: missed }));
  return { written: results.flatMap((r) => r.written), unchanged: results.flatMap((r) => r.unchanged), done: [...job.pages.keys()] };
}
