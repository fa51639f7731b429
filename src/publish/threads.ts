/**
 * Work shared between this thread and worker threads: tasks 0…count-1, handed out a batch at a
 * time by this thread, which runs batches of its own in between. Used for a cold build's parsing
 * and its archive pages.
 *
 * A worker asks for work once it has started (loading modules takes a few hundred milliseconds),
 * so a worker still starting leaves its part to the threads already working rather than them
 * waiting for it at the end. It keeps one batch in hand beyond the one it runs, and this thread
 * yields between its own batches to answer, so a worker never waits for work.
 *
 * Each batch carries its tasks' inputs, and each answer its tasks' results. A worker so holds a
 * batch or two at a time, never every task's input nor its whole share of results: at 100,000
 * stories, handing each page worker every archive page's stories up front, and taking a scan
 * worker's fifty thousand entries back in one message, were a build's two peaks of memory.
 */
import { parentPort, Worker } from "node:worker_threads";

/** This thread to a worker: tasks to run, by index, with their inputs (never empty: a worker with none left is ended). */
interface Batch<I> {
  batch: [number, I][];
}

/** A worker to this thread: the results of its last batch (none at first), and how many more batches it wants. */
interface Answer<T> {
  results: [number, T][];
  want: number;
}

/**
 * Runs `count` tasks on this thread and `threads - 1` workers started from `script` (given `data`
 * as workerData; the script calls {@link serveTasks}). Task `i` runs here as `task(i)`, and in a
 * worker from `input(i)`. A task a worker took but never answered for (it could not start, say
 * from TypeScript sources; it failed; or it ended) is run here afterwards: a failed worker costs
 * speed, never results. `received` is applied to each result from a worker as it arrives.
 * @returns every task's result, by index.
 */
export async function runShared<I, T>(
  count: number, threads: number, batch: number, script: URL, data: object,
  input: (i: number) => I, task: (i: number) => T | Promise<T>, received: (result: T) => T = (r) => r,
): Promise<T[]> {
  let next = 0;
  const take = (): [number, number] | undefined => {
    if (next >= count) return undefined;
    const from = next;
    next = Math.min(count, next + batch);
    return [from, next];
  };
  const results = new Array<T>(count);
  const done = new Uint8Array(count);
  const keep = (i: number, r: T) => {
    results[i] = r;
    done[i] = 1;
  };
  const workers = Array.from({ length: threads - 1 }, () => new Promise<void>((settle) => {
    const worker = new Worker(script, { workerData: data });
    let outstanding = 0;
    const finish = () => {
      void worker.terminate();
      settle();
    };
    worker.on("message", ({ results: answered, want }: Answer<T>) => {
      if (answered.length > 0) outstanding--;
      for (const [i, r] of answered) keep(i, received(r));
      for (let k = 0; k < want; k++) {
        const range = take();
        if (!range) break;
        const tasks: [number, I][] = [];
        for (let i = range[0]; i < range[1]; i++) tasks.push([i, input(i)]);
        worker.postMessage({ batch: tasks } satisfies Batch<I>);
        outstanding++;
      }
      if (outstanding === 0) finish();
    });
    worker.once("error", () => settle());
    worker.once("exit", () => settle()); // a no-op once finished
  }));
  for (let range = take(); range; range = take()) {
    for (let i = range[0]; i < range[1]; i++) keep(i, await task(i));
    // Let the workers' answers in, and send them their next batches.
    await new Promise<void>((resume) => setImmediate(resume));
  }
  await Promise.all(workers);
  for (let i = 0; i < count; i++) if (!done[i]) keep(i, await task(i));
  return results;
}

/**
 * What a worker script started by {@link runShared} does: runs each batch it is sent, in order,
 * and answers with its results. The worker is ended by the thread that started it.
 */
export function serveTasks<I, T>(task: (input: I, i: number) => T | Promise<T>): void {
  const port = parentPort;
  if (!port) return;
  const queue: [number, I][][] = [];
  let running = false;
  port.on("message", async ({ batch }: Batch<I>) => {
    queue.push(batch);
    if (running) return;
    running = true;
    for (let tasks = queue.shift(); tasks; tasks = queue.shift()) {
      const results: [number, T][] = [];
      for (const [i, x] of tasks) results.push([i, await task(x, i)]);
      port.postMessage({ results, want: 1 } satisfies Answer<T>);
    }
    running = false;
  });
  // One batch to run and one in hand.
  port.postMessage({ results: [], want: 2 } satisfies Answer<T>);
}
