#!/usr/bin/env node
// node bench/watch-edit.mjs [--size 10000 --edits 10 --rounds 3 --compare OTHER/dist/cli/main.js
//                            --compare-label NAME --cpu-prof DIR]
//
// One story changed under a running watcher, the watcher alone (the row `npm run bench` ends
// with, without the builds before it): on the bench corpus of --size stories (bench/.corpus/N,
// made by bench/make-corpus.mjs --raw-every 10, as `npm run bench` makes it) with a warm archive
// in bench/.corpus/N/out-watch (built once), starts `wirefeed watch`, waits past its first
// rebuild, then --edits times appends a paragraph to story-0000001.md, 300 ms apart, and reads
// the rebuild's time from the line the watcher prints ("in N ms") and the CPU of all its threads
// from the edit to that line (/proc/PID/task/*/schedstat). With --compare, each round runs the
// other CLI too, alternating, so both are measured under the same load; medians over all edits
// of all rounds. --cpu-prof DIR starts the watcher under `node --cpu-prof` (one round, this CLI).
// The story is restored afterwards.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { arg, editsUnderWatcher, loadAverage, median, root, warmArchive } from "./common.mjs";

const size = Number(arg("--size", "10000"));
const edits = Number(arg("--edits", "10"));
const rounds = Number(arg("--rounds", "3"));
const compare = arg("--compare", undefined);
const compareLabel = arg("--compare-label", compare);
const cpuProf = arg("--cpu-prof", undefined);
const cli = join(root, "dist/cli/main.js");

const { stories, out } = warmArchive(size);
const changed = join(stories, "story-0000001.md");
const original = readFileSync(changed, "utf8");

const session = (which, flags = []) => editsUnderWatcher({ cli: which, stories, out, changed, edits, flags });

const runs = [{ label: "this version", cli, workMs: [], cpuMs: [] }];
if (compare) runs.push({ label: compareLabel, cli: compare, workMs: [], cpuMs: [] });
const loadStart = loadAverage();
try {
  if (cpuProf) {
    await session(cli, ["--cpu-prof", "--cpu-prof-dir", cpuProf]);
  } else {
    for (let i = 0; i < rounds; i++) {
      for (const r of runs) {
        const s = await session(r.cli);
        r.workMs.push(...s.workMs);
        r.cpuMs.push(...s.cpuMs);
      }
    }
  }
} finally {
  writeFileSync(changed, original);
}
if (!cpuProf) {
  console.log(`load average at the start ${loadStart}, at the end ${loadAverage()}; ${size} stories, ${rounds} rounds of ${edits} edits`);
  console.log("| watcher | rebuild as reported, median ms | min | max | CPU of all threads, edit to report, median ms |");
  console.log("|---|---:|---:|---:|---:|");
  for (const r of runs) {
    console.log(`| ${r.label} | ${median(r.workMs)} | ${Math.min(...r.workMs)} | ${Math.max(...r.workMs)} | ${median(r.cpuMs).toFixed(0)} |`);
  }
}
