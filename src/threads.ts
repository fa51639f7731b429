/**
 * Work shared between this thread and worker threads: tasks 0…count-1, which every thread takes
 * from one shared counter until none are left. A worker still starting up (loading modules takes
 * a few hundred milliseconds) so leaves its part to the threads already working, rather than them
 * waiting for it at the end. Used for a cold build's parsing and its archive pages.
 */
import { Worker } from "node:worker_threads";

/** What a worker script receives besides its own data: the counter, and how many to take a turn. */
export interface Shared {
  next: Int32Array;
  batch: number;
}

/**
 * Runs tasks from the shared counter, `batch` at a time, until it passes `count`: what each
 * thread does, this one and every worker (which posts the pairs back).
 * @returns `[index, result]` for every task this thread ran.
 */
export async function takeTasks<T>(count: number, { next, batch }: Shared, task: (i: number) => T | Promise<T>): Promise<[number, T][]> {
  const taken: [number, T][] = [];
  for (let from = Atomics.add(next, 0, batch); from < count; from = Atomics.add(next, 0, batch)) {
    for (let i = from; i < Math.min(from + batch, count); i++) taken.push([i, await task(i)]);
  }
  return taken;
}

/**
 * Runs `count` tasks on this thread and `threads - 1` workers started from `script` (given
 * `data` plus `Shared`, and answering with `takeTasks`' pairs). A task a worker took but never
 * answered for (it could not start, say from TypeScript sources; it failed; or it ended without
 * a message) is run here afterwards: a failed worker costs speed, never results.
 * @returns every task's result, by index.
 */
export async function runShared<T>(
  count: number, threads: number, batch: number, script: URL, data: object, task: (i: number) => T | Promise<T>,
): Promise<T[]> {
  const shared: Shared = { next: new Int32Array(new SharedArrayBuffer(4)), batch };
  const results = new Array<T>(count);
  const done = new Uint8Array(count);
  const keep = (pairs: [number, T][]) => {
    for (const [i, r] of pairs) [results[i], done[i]] = [r, 1];
  };
  const workers = Array.from({ length: threads - 1 }, () => new Promise<void>((settle) => {
    const worker = new Worker(script, { workerData: { ...data, ...shared } });
    worker.once("message", (pairs: [number, T][]) => {
      keep(pairs);
      void worker.terminate();
      settle();
    });
    worker.once("error", () => settle());
    worker.once("exit", () => settle()); // a no-op after its message
  }));
  keep(await takeTasks(count, shared, task));
  await Promise.all(workers);
  for (let i = 0; i < count; i++) if (!done[i]) results[i] = await task(i);
  return results;
}
