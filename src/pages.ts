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
import { renderAll } from "./render/index.js";
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
  const result: PageResult = { written: [], unchanged: [] };
  for (const page of job.pages) {
    const items = page.doc.items.map((s) => withCorrection(withBody(s, job)));
    for (const [name, content] of Object.entries(renderAll({ ...page.doc, items }, job.siteUrl))) {
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
 * Renders the pages on every core: this thread takes one share, each worker thread another. A
 * worker that cannot start (say, run from TypeScript sources) leaves its share to this thread.
 */
export async function renderPagesParallel(job: PageJob): Promise<PageResult> {
  const threads = Math.min(availableParallelism(), 8);
  if (job.pages.length < PARALLEL_FROM || threads < 2) return renderPages(job);
  const share = Math.ceil(job.pages.length / threads);
  const shares = Array.from({ length: threads }, (_, i) => ({ ...job, pages: job.pages.slice(i * share, (i + 1) * share) }));
  const workers = shares.slice(1).map((part) => new Promise<PageResult>((resolve) => {
    const worker = new Worker(new URL("./page-worker.js", import.meta.url), { workerData: part });
    worker.once("message", (r: PageResult) => {
      resolve(r);
      void worker.terminate();
    });
    worker.once("error", () => resolve(renderPages(part)));
  }));
  const results = [await renderPages(shares[0]!), ...(await Promise.all(workers))];
  return { written: results.flatMap((r) => r.written), unchanged: results.flatMap((r) => r.unchanged) };
}
