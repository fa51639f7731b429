/**
 * The watcher's cold start in a child process, a choice the CLI makes for `wirefeed watch`:
 * rendering every archive page of a large archive is the biggest allocation a watcher would ever
 * make, and a long-running process keeps much of that peak as resident memory long after it is
 * garbage. The child (build/child.ts) builds and leaves the cache; the watcher starts from it.
 */
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ColdBuild } from "../watch/options.js";
import { listStories } from "../ingest/read.js";

/** A cold start over this many story files builds in a child process. */
export const CHILD_BUILD_FROM = 2000;

/**
 * Builds in a child process when the stories folder holds at least `CHILD_BUILD_FROM` files (I/O).
 * False when it did not (too few files, or no compiled child to start, as from TypeScript
 * sources): the watcher then builds in its own process.
 */
export async function buildInChild(job: ColdBuild): Promise<boolean> {
  if ((await listStories(job.stories, job.out)).files.length < CHILD_BUILD_FROM) return false;
  const script = new URL("../build/child.js", import.meta.url);
  if (!isFile(script)) return false;
  return new Promise((resolve) => {
    // In a process group of its own, so Ctrl-C at the terminal does not cut the build short and
    // leave the watcher to build everything again itself: the build finishes (its writes are
    // atomic either way), as the first build in process would.
    const child = spawn(process.execPath, [fileURLToPath(script)], { stdio: ["pipe", "ignore", "ignore"], detached: true });
    child.once("error", () => resolve(false));
    child.once("exit", (code) => resolve(code === 0));
    child.stdin.end(JSON.stringify({ ...job, now: job.now.toISOString() }));
  });
}

function isFile(url: URL): boolean {
  try {
    return statSync(url).isFile();
  } catch {
    return false;
  }
}
