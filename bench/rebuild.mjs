#!/usr/bin/env node
// node bench/rebuild.mjs [--size 10000 --edits 30 --rounds 2 --compare OTHER_TREE | --profile N]
//
// A watcher's rebuild in process, without the watcher's file events and settling: on the bench
// corpus of --size stories (bench/.corpus/N, as `npm run bench` makes it) with the warm archive
// bench/watch-edit.mjs keeps (bench/.corpus/N/out-watch, built once), scans the catalog from the
// build record as `wirefeed watch` starts, then --edits times appends a paragraph to
// story-0000001.md, reads it into the catalog and publishes, as the watcher's rebuild does (its
// diagnostics through `freshDiagnostics` too), timing each. With --compare OTHER_TREE (another
// checkout, built), each round runs that tree's modules too in a process of its own, alternating,
// so both are measured under the same load. Prints the median, min and max of each. With
// --profile N (this tree alone, one process), the edits' rebuilds run under the V8 profiler
// (sampling every 100 µs, from the first edit on) and the N functions with the most time are
// printed, each with its time per rebuild, its callees' included. The story is restored afterwards.
import { spawnSync } from "node:child_process";
import { appendFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { arg, loadAverage, median, root, warmArchive } from "./common.mjs";

const size = Number(arg("--size", "10000"));
const edits = Number(arg("--edits", "30"));
const rounds = Number(arg("--rounds", "2"));
const compare = arg("--compare", undefined);
const child = arg("--child", undefined);
const profile = Number(arg("--profile", "0"));
const { stories, out } = warmArchive(size);

if (child) {
  // One tree's rebuilds, in this process.
  const m = (p) => import(join(child, "dist", p));
  const { scan, publishCatalog, publicationFrom, recordKey } = await m("build/pipeline.js");
  const { loadCache } = await m("state/cache.js");
  const { entryFromBytes } = await m("state/entry.js");
  const { defaultConfig } = await m("config/config.js");
  const { freshDiagnostics } = await m("watch/report.js");
  const config = defaultConfig();
  const job = { config, stories, out, now: new Date() };
  const cache = loadCache(out, recordKey(job));
  const publication = publicationFrom(out, cache);
  const { catalog, listing } = await scan(job, cache);
  let printed = new Set();
  const rebuild = async () => {
    const r = await publishCatalog(catalog, out, new Date(), publication);
    printed = freshDiagnostics([...listing, ...r.diagnostics], printed).printed;
  };
  await rebuild();
  const file = "story-0000001.md";
  const path = join(stories, file);
  const original = readFileSync(path);
  const ms = [];
  const session = profile ? await startProfile() : undefined;
  try {
    for (let i = 0; i < edits; i++) {
      appendFileSync(path, `\nAn edit, ${process.hrtime.bigint()}.\n`);
      const t = performance.now();
      catalog.update(entryFromBytes(file, readFileSync(path), statSync(path).mtimeMs, config));
      await rebuild();
      ms.push(performance.now() - t);
    }
  } finally {
    writeFileSync(path, original);
  }
  if (session) printProfile((await session.post("Profiler.stop")).profile, edits, ms);
  else process.stdout.write(JSON.stringify(ms));
  process.exit(0);
}

async function startProfile() {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  return session;
}

/** The functions with the most time, callees included, per rebuild (each counted once per sample). */
function printProfile(p, rebuilds, ms) {
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map(p.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n.id])));
  const name = (n) => `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*\/(dist|node_modules)\//, "")}:${n.callFrame.lineNumber + 1}`;
  const total = new Map();
  p.samples.forEach((id, i) => {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(name(nodes.get(at)));
    for (const k of seen) total.set(k, (total.get(k) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  console.log(`${rebuilds} rebuilds under the profiler, median ${median(ms).toFixed(1)} ms; ms per rebuild, callees included:`);
  for (const [k, t] of [...total].sort((a, b) => b[1] - a[1]).slice(0, profile)) console.log(`${(t / 1000 / rebuilds).toFixed(2).padStart(8)}  ${k}`);
}

if (profile) {
  const r = spawnSync(process.execPath, [process.argv[1], "--child", root, "--size", String(size), "--edits", String(edits), "--profile", String(profile)], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(r.stderr.slice(0, 500));
  console.log(`load average ${loadAverage()}`);
  process.stdout.write(r.stdout);
  process.exit(0);
}

const trees = [{ label: "this tree", tree: root, ms: [] }];
if (compare) trees.push({ label: compare, tree: compare, ms: [] });
const loadStart = loadAverage();
for (let i = 0; i < rounds; i++) {
  for (const t of trees) {
    const r = spawnSync(process.execPath, [process.argv[1], "--child", t.tree, "--size", String(size), "--edits", String(edits)], { encoding: "utf8", maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`${t.tree}: ${r.stderr.slice(0, 500)}`);
    t.ms.push(...JSON.parse(r.stdout));
  }
}
console.log(`load average at the start ${loadStart}, at the end ${loadAverage()}; ${size} stories, ${rounds} rounds of ${edits} edits`);
console.log("| tree | rebuild, median ms | min | max |");
console.log("|---|---:|---:|---:|");
for (const t of trees) console.log(`| ${t.label} | ${median(t.ms).toFixed(1)} | ${Math.min(...t.ms).toFixed(1)} | ${Math.max(...t.ms).toFixed(1)} |`);
