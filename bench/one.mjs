#!/usr/bin/env node
// node bench/one.mjs [--against DIR] [--size 10000] [--reps 5] [--checkout | --ci]
//
// One story changed, in a fresh process: `wirefeed build` after one story file was edited, with
// the output folder and its record from the build before (the `one` row of bench/run.mjs). With
// --against DIR (another checkout, built: DIR/dist/cli/main.js), its build and this one's are
// measured alternating, each into its own output folder from the same stories, so both meet the
// same machine load; prints the median wall, CPU and peak RSS of each and their ratio. The corpus
// is bench/.corpus/<size>/ (bench/make-corpus.mjs, --raw-every 10), as `npm run bench` makes it.
// With --checkout, every story file's time is made new before each edit, as a fresh checkout
// (or `npm run bench`'s ci step, whose up-to-date build leaves the record as it was) leaves them:
// the build must then find the other 9,999 unchanged by their bytes, as `npm run bench`'s one row does.
// With --ci, every story's time is made new and none is edited: `npm run bench`'s ci step (a CI
// rebuild of a fresh checkout, the cache restored), with the read-every-byte floor measured in
// the same alternation and each build's ratio to it.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { arg, corpus, here, median, root } from "./common.mjs";

const size = Number(arg("--size", "10000"));
const reps = Number(arg("--reps", "5"));
const against = arg("--against", undefined);
const ci = process.argv.includes("--ci");
const checkout = ci || process.argv.includes("--checkout");
const NOW = "2026-01-01T00:00:00Z";

function measure(cli, stories, out) {
  const usage = join(here, ".corpus", "rusage-one.json");
  const start = process.hrtime.bigint();
  const args = out === undefined ? [cli, stories] : [cli, "build", "--stories", stories, "--out", out, "--now", NOW];
  const r = spawnSync(process.execPath, ["--import", join(here, "rusage.mjs"), ...args], {
    env: { ...process.env, BENCH_RUSAGE: usage }, encoding: "utf8", maxBuffer: 1 << 26,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cli} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const u = JSON.parse(readFileSync(usage, "utf8"));
  return { wall, cpu: u.cpuMs / 1000, rssMb: u.maxRssKb / 1024 };
}

const { dir, stories } = corpus(String(size), size);
const changed = join(stories, "story-0000001.md");
const original = readFileSync(changed, "utf8");
const sides = [["this", join(root, "dist/cli/main.js"), join(dir, "out-one")]];
if (against) sides.push(["against", join(resolve(against), "dist/cli/main.js"), join(dir, "out-one-against")]);
if (ci) sides.push(["floor", join(here, "floor.mjs"), undefined]);
const runs = Object.fromEntries(sides.map(([name]) => [name, []]));
const loadAtStart = loadavg()[0].toFixed(1);
try {
  // Each output folder warm first (its cold build, not measured, when it has none).
  for (const [, cli, out] of sides) if (out !== undefined && !existsSync(join(out, ".wirefeed-cache.json"))) measure(cli, stories, out);
  for (const [, cli, out] of sides) measure(cli, stories, out);
  for (let i = 0; i < reps; i++) {
    for (const [name, cli, out] of i % 2 ? [...sides].reverse() : sides) {
      if (checkout) {
        const fresh = new Date();
        for (const file of readdirSync(stories)) utimesSync(join(stories, file), fresh, fresh);
      }
      if (!ci) appendFileSync(changed, `\nA late paragraph, ${process.hrtime.bigint()}.\n`);
      runs[name].push(measure(cli, stories, out));
    }
  }
} finally {
  writeFileSync(changed, original);
}
const fmt = (x, d = 2) => x.toFixed(d);
const med = (name) => ({ wall: median(runs[name].map((r) => r.wall)), cpu: median(runs[name].map((r) => r.cpu)), rssMb: median(runs[name].map((r) => r.rssMb)) });
console.log(`${ci ? "Nothing changed" : "One story changed"} at ${size.toLocaleString("en")} stories${checkout ? ", every story's time new" : ""}, fresh process, median of ${reps} alternating runs; load average ${loadAtStart} at the start, ${loadavg()[0].toFixed(1)} at the end.`);
console.log("| build | wall s | CPU s | peak RSS MB | walls |\n|---|---:|---:|---:|---|");
for (const [name] of sides) {
  const m = med(name);
  console.log(`| ${name} | ${fmt(m.wall)} | ${fmt(m.cpu)} | ${fmt(m.rssMb, 0)} | ${runs[name].map((r) => fmt(r.wall)).join(" ")} |`);
}
if (ci) for (const [name] of sides.slice(0, -1)) console.log(`${name} ÷ floor: wall ${fmt(med(name).wall / med("floor").wall)}`);
if (against) {
  const a = med("this"), b = med("against");
  console.log(`this ÷ against: wall ${fmt(a.wall / b.wall)}, CPU ${fmt(a.cpu / b.cpu)}, peak RSS ${fmt(a.rssMb / b.rssMb)}`);
}
