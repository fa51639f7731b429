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
import { spawn } from "node:child_process";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { arg, cpuMsOf, lineReader, loadAverage, median, root, warmArchive } from "./common.mjs";

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

async function session(which, flags = []) {
  const child = spawn(process.execPath, [...flags, which, "watch", "--stories", stories, "--out", out], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const workMs = [], cpuMs = [];
  try {
    const output = lineReader(child.stdout);
    await output.until(/Ctrl-C stops/);
    await new Promise((r) => setTimeout(r, 2000)); // past the start's own rebuild and rest
    for (let i = 0; i < edits; i++) {
      const from = output.lines.length;
      const cpu = cpuMsOf(child.pid);
      appendFileSync(changed, `\nAn edit under the watcher, ${process.hrtime.bigint()}.\n`);
      const line = await output.until(/changed story-0000001\.md.* in \d+ ms/, from);
      cpuMs.push(cpuMsOf(child.pid) - cpu);
      workMs.push(Number(/ in (\d+) ms/.exec(line)[1]));
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    child.kill("SIGINT");
    await exited;
  }
  return { workMs, cpuMs };
}

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
