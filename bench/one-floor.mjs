#!/usr/bin/env node
// node bench/one-floor.mjs [--size 10000] [--reps 7]
//
// The least a build with one story changed can cost in a fresh process (#20), measured beside
// the real one. Each rep appends a line to one story, then runs, each in its own process:
//   one    `wirefeed build` with the record and outputs of the build before (bench/one.mjs's case)
//   warm   `wirefeed build` again, nothing changed (the up-to-date check answers)
//   floor  bench/one-floor-probe.mjs: only what any design must do for that change (list and stat
//          every story and output, read the head, validate the config, parse the story, render and
//          write its archive page, write the head and one shard); no other story is made
//   start  `node -e ""`
// and prints the median wall time of each and the floor's steps (ms since its process started).
// The corpus is bench/.corpus/<size>/ as `npm run bench` makes it; the output folders are
// out-one (shared with bench/one.mjs) and out-floor beside it.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import { arg, corpus, here, median, root } from "./common.mjs";

const size = Number(arg("--size", "10000"));
const reps = Number(arg("--reps", "7"));
const NOW = "2026-01-01T00:00:00Z";
const CHANGED = "story-0000001.md";
const cli = join(root, "dist/cli/main.js");
const dist = join(root, "dist");
const configPath = join(root, "wirefeed.config.json");

const { dir, stories } = corpus(String(size), size);
const outOne = join(dir, "out-one");
const outFloor = join(dir, "out-floor");
const planFile = join(dir, "floor-plan.bin");

function timed(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr.slice(0, 800)}`);
  return { wall, stdout: r.stdout };
}
const build = (out) => timed([cli, "build", "--stories", stories, "--out", out, "--now", NOW]);

/** The archive page holding the changed story, planned once here (not timed), for the probe. */
async function savePlan() {
  const load = (p) => import(pathToFileURL(join(dist, p)).href);
  const [{ scan, recordKey }, { loadCache }, { planFeeds }, { parseConfig }] = await Promise.all([
    load("build/pipeline.js"), load("state/cache.js"), load("plan/plan.js"), load("config/config.js"),
  ]);
  const configText = readFileSync(configPath, "utf8");
  const config = parseConfig(configPath, configText);
  const options = { config, configText, stories, out: outFloor, now: new Date(NOW) };
  const { catalog } = await scan(options, loadCache(outFloor, recordKey(options)));
  const page = planFeeds(catalog.resolve().stories, config, new Date(NOW)).find((p) => p.kind === "archive" && p.doc.items.some((s) => s.file === CHANGED));
  if (!page) throw new Error(`no archive page holds ${CHANGED}`);
  writeFileSync(planFile, v8.serialize(page));
  writeFileSync(`${planFile}.hashes.json`, JSON.stringify(Object.fromEntries(page.doc.items.map((s) => [s.file, catalog.get(s.file).hash]))));
}

const changed = join(stories, CHANGED);
const original = readFileSync(changed, "utf8");
const runs = { one: [], warm: [], floor: [], start: [] };
const steps = [];
const loadAtStart = loadavg()[0].toFixed(1);
try {
  for (const out of [outOne, outFloor]) if (!existsSync(join(out, ".wirefeed-cache.json"))) build(out);
  build(outFloor);
  await savePlan();
  for (let i = 0; i < reps; i++) {
    appendFileSync(changed, `\nA late paragraph, ${process.hrtime.bigint()}.\n`);
    runs.one.push(build(outOne).wall);
    runs.warm.push(build(outOne).wall);
    const floor = timed([join(here, "one-floor-probe.mjs"), dist, stories, outFloor, configPath, planFile, CHANGED]);
    runs.floor.push(floor.wall);
    steps.push(JSON.parse(floor.stdout.trim().split("\n").at(-1)));
    runs.start.push(timed(["-e", ""]).wall);
  }
} finally {
  writeFileSync(changed, original);
}
console.log(`One story changed at ${size.toLocaleString("en")} stories, fresh processes, median of ${reps} runs each; load average ${loadAtStart} at the start, ${loadavg()[0].toFixed(1)} at the end.`);
console.log("| run | wall s | walls |\n|---|---:|---|");
for (const [name, walls] of Object.entries(runs)) console.log(`| ${name} | ${median(walls).toFixed(3)} | ${walls.map((w) => w.toFixed(2)).join(" ")} |`);
console.log("\nThe floor's steps (median ms since its process started; the step's own share in brackets):");
let before = 0;
for (const name of Object.keys(steps[0])) {
  const t = median(steps.map((s) => s[name]));
  console.log(`- ${name}: ${t.toFixed(0)} (${(t - before).toFixed(0)})`);
  before = t;
}
