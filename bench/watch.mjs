#!/usr/bin/env node
// npm run bench:watch [-- --sizes 1000,10000 --layouts flat,dated --poll events,1000 --count 50
//                        --compare OTHER/dist/cli.js --compare-label NAME --idle-ms 3000 --results watch.json]
//
// Watch-mode latency: for each corpus size and layout — one flat folder, or dated folders of 100
// stories a day (stories/2026/12/01/…, as the README recommends for large archives) — makes a
// deterministic corpus with bench/make-corpus.mjs (--raw-every 10) in
// bench/.corpus/watch-N[-dated]/, starts the real
// watcher (`node dist/cli.js watch`, as `npm start` does, in its own process, from an empty
// output folder), then, one at a time, writes a new story the way a careful tool does (a
// temporary dotfile, then a rename, so the write is complete at a known instant) and measures the
// time from the rename returning to the renamed output/feed.json containing the story (fs.watch on
// the output folder, then a read of feed.json, in this process). Reports the median and p95 over
// the stories, the rebuild times the watcher prints, and the watcher process's resident memory
// (VmRSS from /proc a second after the last story and again at rest, four seconds after, and
// its peak VmHWM over the whole run). CPU is the watcher process's own (utime + stime from
// /proc/PID/stat, not its children's): per new story over the 50 stories and the second after,
// then while idle for --idle-ms (what polling costs). --poll runs the watcher with --poll=MS for
// each interval given ("events": without). --compare runs every configuration again with another
// build of the CLI (say, an older commit's), in the same run, for a comparison under the same
// load. New stories go to the stories folder, or to today's dated folder, made beforehand as
// `wirefeed new` makes it. Prints a markdown table and writes bench/results/watch.json.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, watch as fsWatch, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { arg, corpus, dayFolder, here, lineReader, median, root } from "./common.mjs";

const sizes = arg("--sizes", "1000,10000").split(",").map(Number);
const layouts = arg("--layouts", "flat,dated").split(",");
const polls = arg("--poll", "events").split(",").map((p) => (p === "events" ? undefined : Number(p)));
const count = Number(arg("--count", "50"));
const idleMs = Number(arg("--idle-ms", "3000"));
const ours = join(root, "dist/cli.js");
const compare = arg("--compare", undefined);
const compareLabel = arg("--compare-label", compare);
const TIMEOUT_MS = 20_000;
const PER_DAY = 100;

function watchCorpus(n, layout) {
  const dated = layout === "dated";
  const { dir, stories } = corpus(`watch-${n}${dated ? "-dated" : ""}`, n, dated ? { perDay: PER_DAY } : {});
  // New stories go where a desk would put today's: the top folder, or today's dated folder.
  const target = dated ? join(stories, dayFolder(new Date())) : stories;
  mkdirSync(target, { recursive: true });
  // Leftovers of an interrupted run.
  for (const name of readdirSync(target)) if (name.startsWith("bench-") || name.startsWith(".bench-")) unlinkSync(join(target, name));
  const out = join(dir, "output");
  rmSync(out, { recursive: true, force: true });
  return { stories, target, out };
}

/** CPU time (user + system) the process itself has used, in ms (/proc/PID/stat, 100 ticks/s). */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
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

async function run(n, layout, poll, cli) {
  const { stories, target, out } = watchCorpus(n, layout);
  const started = performance.now();
  // BENCH_WATCH_FLAGS passes node flags to the watcher, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const flags = (process.env.BENCH_WATCH_FLAGS ?? "").split(" ").filter(Boolean);
  const args = [...flags, cli, "watch", "--stories", stories, "--out", out, ...(poll === undefined ? [] : [`--poll=${poll}`])];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  // A watcher left running by a failed run would hold the terminal and the corpus.
  const orphan = () => child.kill("SIGKILL");
  process.once("exit", orphan);
  // The first build of a large archive on a loaded machine takes minutes.
  const output = lineReader(child.stdout, 30 * 60_000);
  const ready = await output.until(/Ctrl-C stops/);
  const startMs = performance.now() - started;
  // A watcher from before the startup line named its mode used file-system events.
  const mode = / by (.*); Ctrl-C stops/.exec(ready)?.[1] ?? "file-system events";
  const latencies = [];
  const rebuildMs = [];
  const cpuBefore = cpuOf(child.pid);
  for (let i = 0; i < count; i++) {
    const id = `bench-${String(i).padStart(3, "0")}`;
    const temp = join(target, `.${id}.tmp`);
    writeFileSync(temp, storyText(id, new Date()));
    const seen = whenFeedHas(out, `/stories/${id}"`);
    renameSync(temp, join(target, `${id}.md`));
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
  const cpuPerStoryMs = (cpuOf(child.pid) - cpuBefore) / count;
  await new Promise((r) => setTimeout(r, 3000));
  const { rssMB: restMB, peakMB } = memoryOf(child.pid);
  // Idle: no story arrives; what watching alone costs (polling stats every file each interval).
  const idleBefore = cpuOf(child.pid);
  await new Promise((r) => setTimeout(r, idleMs));
  const idleCpuPct = ((cpuOf(child.pid) - idleBefore) / idleMs) * 100;
  const files = Number(/(\d+) story files?/.exec(output.lines.find((l) => /story files?/.test(l)) ?? "")?.[1] ?? NaN);
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
  process.off("exit", orphan);
  for (let i = 0; i < count; i++) rmSync(join(target, `bench-${String(i).padStart(3, "0")}.md`), { force: true });
  return {
    watcher: cli === ours ? "this build" : compareLabel,
    layout,
    mode,
    stories: n,
    files,
    startMs: Math.round(startMs),
    medianMs: Number(median(latencies).toFixed(1)),
    p95Ms: Number(quantile(latencies, 0.95).toFixed(1)),
    maxMs: Number(Math.max(...latencies).toFixed(1)),
    rebuildMedianMs: rebuildMs.length ? median(rebuildMs) : null,
    cpuPerStoryMs: Math.round(cpuPerStoryMs),
    idleCpuPct: Number(idleCpuPct.toFixed(1)),
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
  for (const layout of layouts) {
    for (const poll of polls) {
      for (const cli of compare ? [compare, ours] : [ours]) {
        process.stderr.write(`watch bench: ${n} stories, ${layout}, ${poll === undefined ? "events" : `polling every ${poll} ms`}, ${cli === ours ? "this build" : cli}…\n`);
        results.push(await run(n, layout, poll, cli));
      }
    }
  }
}

const table = [
  `| watcher | stories on disk | layout | watching | first build + watch ready | new story → feed.json, median | p95 | max | rebuild (median) | CPU per new story | CPU idle | resident 1 s after | at rest (4 s after) | peak |`,
  `|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ...results.map((r) => `| ${r.watcher} | ${r.stories.toLocaleString("en")} | ${r.layout} | ${r.mode} | ${r.startMs} ms | ${r.medianMs} ms | ${r.p95Ms} ms | ${r.maxMs} ms | ${r.rebuildMedianMs} ms | ${r.cpuPerStoryMs} ms | ${r.idleCpuPct} % | ${r.rssMB} MB | ${r.restMB} MB | ${r.peakMB} MB |`),
].join("\n");
console.log(`\n${count} new stories each, written via temp file + rename; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}\n`);
console.log(table);
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", arg("--results", "watch.json")), `${JSON.stringify({ date: new Date().toISOString(), machine, stories: count, results, table }, null, 2)}\n`);
