#!/usr/bin/env node
// npm run bench [-- --sizes 300,1000,10000,100000 --reps 3]
//
// Makes deterministic corpora with bench/make-corpus.mjs (--raw-every 10) and measures,
// in one run, alternating, the median of --reps runs of each step, each in its own process:
//   floor     read every byte of the corpus once (bench/floor.mjs)
//   baseline  the plain gray-matter + feed script (bench/baseline.mjs)
//   cold      wirefeed build into an empty output folder
//   cold-plain  the same without the precompressed .gz/.br siblings (config precompress: false):
//             what the plain script's peer row does not write either
//   written-z the same with each file's .gz and .br siblings, compressed as wirefeed compresses
//             (bench/write-floor.mjs --compress): the least for cold
//   modules   Node's start and the modules a cold build loads, nothing run (bench/modules.mjs)
//   written   the bytes cold-plain wrote, written again as new files by a plain script, nothing
//             rendered or compressed (bench/write-floor.mjs): with floor and modules, the least
//             a build writing these outputs can pay; its "work in process" is the writing alone
//   warm      wirefeed build again, nothing changed
//   ci        wirefeed build with the cache restored and every story file's time new, nothing
//             else changed: what a CI run on a fresh checkout with its cache restored pays
//   one       wirefeed build after one story changed
// for reference, each in its own process:
//   start     Node starting and exiting, nothing else: the part of every step no code of ours can save
//   stat      listing the stories folder and stat-ing every file (bench/stat.mjs): the least an
//             up-to-date check can do, since an edit in place changes no folder's time
// and, in a warm watcher (`wirefeed watch` on the archive `one` left), the same story changed
// --edits times: the rebuild's own time as the watcher reports it, and the CPU time of all its
// threads from the change to that report (/proc/PID/task/*/schedstat);
// and, in-process, rendering three 50-item feeds: wirefeed's renderers against the feed package.
// Prints a table, then each of #20's goals as a ratio against its peer row, the machine (with
// its load average: on a shared machine, compare ratios, not seconds) and the command run;
// writes bench/results/build.json and bench/results/build.md.
import { spawnSync } from "node:child_process";
import { arg, corpus, editsUnderWatcher, here, median, root } from "./common.mjs";
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";

const sizes = arg("--sizes", "300,1000,10000,100000").split(",").map(Number);
const reps = Number(arg("--reps", "3"));
const edits = Number(arg("--edits", "9"));
const NOW = "2026-01-01T00:00:00Z";
const cli = join(root, "dist/cli/main.js");

/** Runs a node script in its own process; wall from here, CPU and peak RSS from the child itself. */
function measure(args, cwd) {
  const usage = join(here, ".corpus", "rusage.json");
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", join(here, "rusage.mjs"), ...args], {
    cwd, env: { ...process.env, BENCH_RUSAGE: usage }, encoding: "utf8", maxBuffer: 1 << 26,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const u = JSON.parse(readFileSync(usage, "utf8"));
  const inner = /in (\d+) ms/.exec(r.stdout)?.[1];
  const innerCpu = /(\d+) CPU ms/.exec(r.stdout)?.[1];
  return {
    wall, cpu: u.cpuMs / 1000, rssMb: u.maxRssKb / 1024, innerMs: inner === undefined ? undefined : Number(inner),
    innerCpuMs: innerCpu === undefined ? undefined : Number(innerCpu),
  };
}


async function benchSize(n) {
  const { dir, stories } = corpus(String(n), n);
  const out = join(dir, "out");
  const changed = join(stories, "story-0000001.md");
  const original = readFileSync(changed, "utf8");
  const plainConfig = join(dir, "plain.config.json");
  writeFileSync(plainConfig, `${JSON.stringify({ precompress: false })}\n`);
  const steps = {
    floor: () => measure([join(here, "floor.mjs"), stories], dir),
    start: () => measure(["-e", ""], dir),
    stat: () => measure([join(here, "stat.mjs"), stories], dir),
    baseline: () => measure([join(here, "baseline.mjs"), stories, join(dir, "baseline-out")], dir),
    cold: () => {
      rmSync(out, { recursive: true, force: true });
      return measure([cli, "build", "--stories", stories, "--out", out, "--now", NOW], dir);
    },
    "cold-plain": () => {
      const plainOut = join(dir, "out-plain");
      rmSync(plainOut, { recursive: true, force: true });
      return measure([cli, "build", "--config", plainConfig, "--stories", stories, "--out", plainOut, "--now", NOW], dir);
    },
    modules: () => measure([join(here, "modules.mjs")], dir),
    // The bytes cold-plain wrote, written again as new files, nothing rendered or compressed.
    written: () => measure([join(here, "write-floor.mjs"), join(dir, "out-plain"), join(dir, "out-written")], dir),
    // The same with the .gz and .br siblings, compressed as wirefeed compresses: what cold writes.
    "written-z": () => measure([join(here, "write-floor.mjs"), join(dir, "out-plain"), join(dir, "out-written"), "--compress"], dir),
    warm: () => measure([cli, "build", "--stories", stories, "--out", out, "--now", NOW], dir),
    ci: () => {
      // A fresh checkout: every file's time is the checkout's, the bytes are as cached.
      const fresh = new Date();
      for (const name of readdirSync(stories)) utimesSync(join(stories, name), fresh, fresh);
      return measure([cli, "build", "--stories", stories, "--out", out, "--now", NOW], dir);
    },
    one: () => {
      appendFileSync(changed, `\nA late paragraph, ${process.hrtime.bigint()}.\n`);
      return measure([cli, "build", "--stories", stories, "--out", out, "--now", NOW], dir);
    },
  };
  const runs = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  let watching;
  try {
    for (let i = 0; i < reps; i++) for (const [k, step] of Object.entries(steps)) runs[k].push(step());
    // A watcher that fails to start or report (at 100,000 stories on a loaded machine its start
    // can take minutes) costs its own row, not the table measured before it.
    watching = await oneWatching(stories, out, changed, n).catch((err) => ({ error: err.message }));
  } finally {
    writeFileSync(changed, original);
  }
  const result = {};
  for (const [k, rs] of Object.entries(runs)) {
    result[k] = {
      wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rssMb: median(rs.map((r) => r.rssMb)),
      innerMs: rs[0].innerMs === undefined ? undefined : median(rs.map((r) => r.innerMs)),
      innerCpuMs: rs[0].innerCpuMs === undefined ? undefined : median(rs.map((r) => r.innerCpuMs)),
    };
  }
  for (const k of Object.keys(result)) {
    result[k].xFloor = result[k].wall / result.floor.wall;
    result[k].xBaseline = result[k].wall / result.baseline.wall;
    result[k].cpuXBaseline = result[k].cpu / result.baseline.cpu;
  }
  return { steps: result, watching };
}

/** `changed` edited under a running watcher of the warm archive in `out` (see `editsUnderWatcher`): medians. */
async function oneWatching(stories, out, changed, n) {
  // Starting from the record of 100,000 stories takes well over a minute under load.
  const r = await editsUnderWatcher({ cli, stories, out, changed, edits, startMs: Math.max(100_000, 3 * n) });
  return { edits, workMs: median(r.workMs), cpuMs: median(r.cpuMs), rssMb: r.rssMb };
}

async function benchRender() {
  const { renderAll, renderAllLines } = await import(join(root, "dist/render/index.js"));
  const { encoded } = await import(join(root, "dist/publish/write.js"));
  const { Feed } = await import("feed");
  const { stories } = corpus("1000", 1000);
  const { scan } = await import(join(root, "dist/build/build.js"));
  const { defaultConfig } = await import(join(root, "dist/config/config.js"));
  const { mainFeed } = await import(join(root, "dist/plan/plan.js"));
  const config = defaultConfig();
  // The main feed's fifty newest stories, with their bodies, as a build renders them.
  const scanned = await scan({ config, stories, out: join(here, ".corpus", "render-out"), now: new Date(NOW) });
  const doc = mainFeed(scanned.catalog.resolve().stories, config, new Date(NOW));
  doc.items = await scanned.catalog.hydrate(doc.items);
  const ours = () => { for (let k = 0; k < 3; k++) renderAll(doc, config.siteUrl); };
  // As a build makes them: each format's lines, encoded to UTF-8 as writeAtomic writes them.
  const oursBytes = () => { for (let k = 0; k < 3; k++) for (const text of Object.values(renderAllLines(doc, config.siteUrl))) encoded(text); };
  const theirs = (bytes) => () => {
    for (let k = 0; k < 3; k++) {
      const f = new Feed({ title: doc.title, id: doc.homeUrl, link: doc.homeUrl, copyright: doc.copyright, updated: doc.updated });
      for (const s of doc.items) f.addItem({ title: s.title, id: s.link, link: s.link, date: s.updated ?? s.published, published: s.published,
        description: s.summary, content: s.contentHtml, author: s.byline.map((name) => ({ name })), copyright: s.copyright });
      for (const text of [f.rss2(), f.atom1(), f.json1()]) if (bytes) Buffer.from(text, "utf8");
    }
  };
  const time = (fn) => {
    for (let i = 0; i < 5; i++) fn();
    const xs = [];
    for (let i = 0; i < 21; i++) { const t = performance.now(); fn(); xs.push(performance.now() - t); }
    return median(xs);
  };
  return {
    items: doc.items.length, wirefeedMs: time(ours), feedPackageMs: time(theirs(false)),
    wirefeedBytesMs: time(oursBytes), feedPackageBytesMs: time(theirs(true)),
  };
}

const load = () => loadavg().map((x) => x.toFixed(1)).join(" ");
const machine = `${cpus()[0]?.model ?? "?"}, ${cpus().length} cores, Node ${process.version}; load average at the start ${load()}`;
const command = `npm run bench -- --sizes ${sizes.join(",")} --reps ${reps} --edits ${edits}`;
const results = { machine, reps, now: NOW, sizes: {}, render: undefined };
for (const n of sizes) {
  process.stderr.write(`corpus ${n}…\n`);
  results.sizes[n] = await benchSize(n);
}
results.render = await benchRender();

const fmt = (x, d = 2) => (x === undefined ? "" : x.toFixed(d));
const lines = [
  `Machine: ${machine}; median of ${reps} alternating runs; each step in its own process.`,
  "",
  `Load average at the end: ${load()}. Reproduce: \`${command}\`.`,
  "",
  "| stories | step | wall s | CPU s | peak RSS MB | work in process ms | wall × floor | wall × baseline | CPU × baseline |",
  "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
];
for (const [n, r] of Object.entries(results.sizes)) {
  for (const [k, v] of Object.entries(r.steps)) {
    lines.push(`| ${Number(n).toLocaleString("en")} | ${k} | ${fmt(v.wall)} | ${fmt(v.cpu)} | ${fmt(v.rssMb, 0)} | ${v.innerMs ?? ""} | ${fmt(v.xFloor)} | ${fmt(v.xBaseline)} | ${fmt(v.cpuXBaseline)} |`);
  }
}
// #20's goals, each against the row it is measured by, in the same run.
lines.push("", "Goals (#20), each against its peer row of the same run. \"The least\" beside a cold goal is what a plain",
  "script pays to load wirefeed's modules, read every story and write these outputs, siblings compressed as wirefeed compresses",
  "them (modules + floor − start + written-z's own part; in brackets, without siblings: written), before parsing or rendering a story:", "",
  "| stories | goal | measured | met |", "|---:|---|---:|---|");
const goal = (n, text, value, ok) => lines.push(`| ${Number(n).toLocaleString("en")} | ${text} | ${value} | ${ok ? "yes" : "no"} |`);
for (const [n, r] of Object.entries(results.sizes)) {
  const s = r.steps;
  // The least a build writing these outputs with these modules pays: Node's start and its modules
  // (modules), reading every story (floor less the start), then writing the bytes (written's own
  // part), before parsing, rendering or compressing anything.
  const leastOf = (w) => ({
    wall: (s.modules.wall + s.floor.wall - s.start.wall + w.innerMs / 1000) / s.baseline.wall,
    cpu: (s.modules.cpu + s.floor.cpu - s.start.cpu + w.innerCpuMs / 1000) / s.baseline.cpu,
  });
  const least = leastOf(s["written-z"]), leastPlain = leastOf(s.written);
  if (Number(n) <= 1000) goal(n, "cold wall ≤ 1× baseline wall", `${fmt(s.cold.xBaseline)}× (without .gz/.br: ${fmt(s["cold-plain"].xBaseline)}×); the least: ${fmt(least.wall)}× (${fmt(leastPlain.wall)}×)`, s.cold.xBaseline <= 1);
  else if (Number(n) <= 10000) {
    goal(n, "cold CPU ≤ 1× baseline CPU", `${fmt(s.cold.cpuXBaseline)}× (without .gz/.br: ${fmt(s["cold-plain"].cpuXBaseline)}×); the least: ${fmt(least.cpu)}× (${fmt(leastPlain.cpu)}×)`, s.cold.cpuXBaseline <= 1);
    goal(n, "cold wall ≤ 0.6× baseline wall", `${fmt(s.cold.xBaseline)}×; the least: ${fmt(least.wall)}×`, s.cold.xBaseline <= 0.6);
  } else {
    goal(n, "cold wall < 15 s", `${fmt(s.cold.wall)} s; the least: ${fmt(least.wall * s.baseline.wall)} s`, s.cold.wall < 15);
    goal(n, "cold peak RSS < 400 MB", `${fmt(s.cold.rssMb, 0)} MB`, s.cold.rssMb < 400);
  }
  goal(n, "ci rebuild wall ≤ 1.2× floor wall", `${fmt(s.ci.xFloor)}×`, s.ci.xFloor <= 1.2);
  goal(n, "warm wall ≤ stat wall + 0.1 s", `stat + ${fmt(s.warm.wall - s.stat.wall)} s`, s.warm.wall - s.stat.wall <= 0.1);
  if (Number(n) === 10000) {
    goal(n, "one change, fresh process, < 0.3 s", `${fmt(s.one.wall)} s`, s.one.wall < 0.3);
    goal(n, "one change under a watcher < 50 ms", `${fmt(r.watching.workMs, 0)} ms`, r.watching.workMs < 50);
  }
}
lines.push("", `One story changed under a running watcher of the warm archive (\`wirefeed watch\`), ${edits} edits, medians:`, "",
  "| stories | rebuild, as the watcher reports it, ms | CPU of all its threads, edit to report, ms | watcher's peak RSS MB |", "|---:|---:|---:|---:|");
for (const [n, r] of Object.entries(results.sizes)) {
  lines.push(r.watching.error ? `| ${Number(n).toLocaleString("en")} | ${r.watching.error} | | |`
    : `| ${Number(n).toLocaleString("en")} | ${fmt(r.watching.workMs, 0)} | ${fmt(r.watching.cpuMs, 0)} | ${fmt(r.watching.rssMb, 0)} |`);
}
lines.push("", `Rendering three ${results.render.items}-item feeds, each as RSS, Atom and JSON (nine documents), in process: wirefeed ${fmt(results.render.wirefeedMs)} ms, the feed package ${fmt(results.render.feedPackageMs)} ms as strings; as UTF-8 bytes ready to write (wirefeed's lines encoded as a build writes them; the feed package's strings through Buffer.from), wirefeed ${fmt(results.render.wirefeedBytesMs)} ms, the feed package ${fmt(results.render.feedPackageBytesMs)} ms.`);
console.log(lines.join("\n"));
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "build.json"), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(here, "results", "build.md"), `${lines.join("\n")}\n`);
