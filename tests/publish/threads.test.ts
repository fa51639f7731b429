import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { threadId } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { runShared } from "../../src/publish/threads.js";
import { makeTree } from "../support/tree.js";

// Worker scripts must be JavaScript: they load the compiled module (`npm test` compiles first).
const THREADS_JS = pathToFileURL(new URL("../../dist/publish/threads.js", import.meta.url).pathname).href;

/** Writes a worker script that serves `body` (a function of input and index) and returns its URL. */
function workerScript(body: string): URL {
  const dir = makeTree({});
  const path = join(dir, "worker.mjs");
  writeFileSync(path, `import { workerData, threadId } from "node:worker_threads";\nimport { serveTasks } from ${JSON.stringify(THREADS_JS)};\nserveTasks(${body});\n`);
  return pathToFileURL(path);
}

/** Spins for `ms`: a task long enough that a starting worker finds work left. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe("runShared: tasks shared with worker threads", () => {
  it("runs every task once, each result by its index, some of them in the worker from the inputs it was sent", async () => {
    const script = workerScript(`(x, i) => { const until = performance.now() + 2; while (performance.now() < until); return { value: x.n * 10 + workerData.offset, i, thread: threadId }; }`);
    const count = 300;
    const results = await runShared(count, 2, 4, script, { offset: 7 }, (i) => ({ n: i }), (i) => {
      spin(2);
      return { value: i * 10 + 7, i, thread: threadId };
    });
    expect(results.map((r) => r.value)).toEqual(Array.from({ length: count }, (_, i) => i * 10 + 7));
    expect(results.map((r) => r.i)).toEqual(Array.from({ length: count }, (_, i) => i));
    const elsewhere = results.filter((r) => r.thread !== threadId).length;
    expect(elsewhere).toBeGreaterThan(0);
    expect(elsewhere).toBeLessThan(count);
  });

  it("passes each result from a worker, and only those, through received as it arrives", async () => {
    const script = workerScript(`(x, i) => { const until = performance.now() + 2; while (performance.now() < until); return { i, thread: threadId, seen: false }; }`);
    const results = await runShared(200, 2, 4, script, {}, (i) => i, (i) => {
      spin(2);
      return { i, thread: threadId, seen: false };
    }, (r) => ({ ...r, seen: true }));
    expect(results.map((r) => r.i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(results.filter((r) => r.thread !== threadId).length).toBeGreaterThan(0);
    for (const r of results) expect(r.seen).toBe(r.thread !== threadId);
  });

  it("runs here what a failing worker took and never answered", async () => {
    // The worker fails on its second batch, after answering its first.
    const script = workerScript(`(x, i) => { if (x.batchNo > 0) throw new Error("worker down"); return { i, thread: threadId }; }`);
    const batch = 5;
    let sent = 0;
    const results = await runShared(200, 2, batch, script, {}, () => ({ batchNo: Math.floor(sent++ / batch) }), (i) => {
      spin(1);
      return { i, thread: threadId };
    });
    expect(results.map((r) => r.i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // The worker did answer its first batch: the rest of what it took was run here.
    expect(results.filter((r) => r.thread !== threadId)).toHaveLength(batch);
    expect(sent).toBeGreaterThan(batch);
  });

  it("runs every task here when the worker cannot start", async () => {
    const missing = pathToFileURL(join(makeTree({}), "no-such-worker.mjs"));
    const results = await runShared(50, 3, 8, missing, {}, (i) => i, (i) => ({ i, thread: threadId }));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => ({ i, thread: threadId })));
  });
});
