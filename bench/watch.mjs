#!/usr/bin/env node
// npm run bench:watch [-- --sizes 1000,10000 --count 50]
//
// Watch-mode latency: for each corpus size, makes a deterministic corpus with
// bench/make-corpus.mjs (--raw-every 10) in bench/.corpus/watch-N/, starts the real
// watcher (`node dist/cli.js watch`, as `npm start` does, in its own process, from an empty
// output folder), then, one at a time, writes a new story the way a careful tool does (a
// temporary dotfile, then a rename, so the write is complete at a known instant) and measures the
// time from the rename returning to the renamed output/feed.json containing the story (fs.watch on
// the output folder, then a read of feed.json, in this process). Reports the median and p95 over
// the stories, the rebuild times the watcher prints, and the watcher process's resident memory
// (VmRSS from /proc a second after the last story and again at rest, four seconds after, and
// its peak VmHWM over the whole run). Prints a markdown table and writes bench/results/watch.json.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, watch as fsWatch, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { arg, corpus, here, lineReader, median, root } from "./common.mjs";

const sizes = arg("--sizes", "1000,10000").split(",").map(Number);
const count = Number(arg("--count", "50"));
const TIMEOUT_MS = 10_000;

function watchCorpus(n) {
  const { dir, stories } = corpus(`watch-${n}`, n);
  // Leftovers of an interrupted run.
  for (const name of readdirSync(stories)) if (name.startsWith("bench-") || name.startsWith(".bench-")) unlinkSync(join(stories, name));
  const out = join(dir, "output");
  rmSync(out, { recursive: true, force: true });
  return { stories, out };
}

function storyText(id, published) {
  return [
    "---",
    `id: ${id}`,
    `title: "Benchmark story ${id}"`,
    'byline: "By Amira Haddad"',
    "credit: Northwind Wire",
    'copyright: "Copyright © 2026 Northwind Wire. All rights reserved."',
    "dateline: GENEVA",
    `published: ${published.toISOString()}`,
    "categories: [World]",
    "---",
    "",
    "GENEVA — Delegates from six states returned to the table on Friday, officials said.",
    "",
    "“We are hopeful,” one negotiator said after an emergency meeting.",
    "",
  ].join("\n");
}

/** Resolves with performance.now() when feed.json first contains `needle`. */
function whenFeedHas(out, needle) {
  return new Promise((resolve, reject) => {
    const check = () => {
      let text;
      try {
        text = readFileSync(join(out, "feed.json"), "utf8");
      } catch {
        return false;
      }
      if (!text.includes(needle)) return false;
      const t = performance.now();
      watcher.close();
      clearInterval(poll);
      clearTimeout(timer);
      resolve(t);
      return true;
    };
    const watcher = fsWatch(out, (_event, name) => {
      if (name === "feed.json") check();
    });
    // A safety net only: fs.watch reports the rename of feed.json; this catches a missed event.
    const poll = setInterval(check, 50);
    const timer = setTimeout(() => {
      watcher.close();
      clearInterval(poll);
      reject(new Error(`feed.json did not get ${needle} within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
  });
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

/** VmRSS and VmHWM (peak) of a process, in MB. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMB: Math.round(kb("VmRSS") / 1024), peakMB: Math.round(kb("VmHWM") / 1024) };
}

async function run(n) {
  const { stories, out } = watchCorpus(n);
  const started = performance.now();
  // BENCH_WATCH_FLAGS passes node flags to the watcher, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const flags = (process.env.BENCH_WATCH_FLAGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...flags, join(root, "dist/cli.js"), "watch", "--stories", stories, "--out", out], { stdio: ["ignore", "pipe", "inherit"] });
  const output = lineReader(child.stdout);
  await output.until(/Ctrl-C stops/);
  const startMs = performance.now() - started;
  const latencies = [];
  const rebuildMs = [];
  for (let i = 0; i < count; i++) {
    const id = `bench-${String(i).padStart(3, "0")}`;
    const temp = join(stories, `.${id}.tmp`);
    writeFileSync(temp, storyText(id, new Date()));
    const seen = whenFeedHas(out, `/stories/${id}"`);
    renameSync(temp, join(stories, `${id}.md`));
    const written = performance.now();
    latencies.push((await seen) - written);
    // The watcher's own line for this rebuild: its time, from the event to the last file written.
    const line = await output.until(new RegExp(`${id}\\.md.* in \\d+ ms`));
    rebuildMs.push(Number(/ in (\d+) ms/.exec(line)[1]));
  }
  // Memory a second after the last story, then at rest: once the watcher has had REST_MS
  // (1.5 s, src/watch/rest.ts) without a rebuild it gives back the heap V8 grew for the burst.
  await new Promise((r) => setTimeout(r, 1000));
  const { rssMB } = memoryOf(child.pid);
  await new Promise((r) => setTimeout(r, 3000));
  const { rssMB: restMB, peakMB } = memoryOf(child.pid);
  const files = Number(/(\d+) story files?/.exec(output.lines.find((l) => /story files?/.test(l)) ?? "")?.[1] ?? NaN);
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
  for (let i = 0; i < count; i++) rmSync(join(stories, `bench-${String(i).padStart(3, "0")}.md`), { force: true });
  return {
    stories: n,
    files,
    startMs: Math.round(startMs),
    medianMs: Number(median(latencies).toFixed(1)),
    p95Ms: Number(quantile(latencies, 0.95).toFixed(1)),
    maxMs: Number(Math.max(...latencies).toFixed(1)),
    rebuildMedianMs: rebuildMs.length ? median(rebuildMs) : null,
    rssMB,
    restMB,
    peakMB,
    latenciesMs: latencies.map((x) => Number(x.toFixed(1))),
  };
}

const cpuModel = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpus()[0]?.model;
  } catch {
    return cpus()[0]?.model;
  }
})();
const machine = { cpu: cpuModel, cores: cpus().length, node: process.version, platform: `${process.platform} ${process.arch}` };

const results = [];
for (const n of sizes) {
  process.stderr.write(`watch bench: ${n} stories…\n`);
  results.push(await run(n));
}

const table = [
  `| stories on disk | first build + watch ready | new story → feed.json, median | p95 | max | rebuild (median) | resident 1 s after | at rest (4 s after) | peak |`,
  `|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ...results.map((r) => `| ${r.stories.toLocaleString("en")} | ${r.startMs} ms | ${r.medianMs} ms | ${r.p95Ms} ms | ${r.maxMs} ms | ${r.rebuildMedianMs} ms | ${r.rssMB} MB | ${r.restMB} MB | ${r.peakMB} MB |`),
].join("\n");
console.log(`\n${count} new stories each, written via temp file + rename; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}\n`);
console.log(table);
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "watch.json"), `${JSON.stringify({ date: new Date().toISOString(), machine, stories: count, results, table }, null, 2)}\n`);
