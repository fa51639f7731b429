#!/usr/bin/env node
// node bench/settle.mjs [--settles 250,500,1000,2000 --pauses 100,300,600,900,1500 --samples 3 --results settle.json]
//   (after npm run build)
//
// What the watcher's settle time (watch.settle) buys and costs. For each settle time, a fresh
// folder of one story and the real watcher (the library's `watch`, in this process); then:
//  - a slow writer: a new story written in place in five chunks with a pause between each (as
//    FTP and SMB uploads and slow shares write), the first chunk a complete story on its own. It
//    counts the versions of that story the feeds held (1: only the whole one) and whether any was
//    incomplete, for each pause;
//  - a story written in place at once (writeFileSync): time from the write to the feed having it;
//  - a story renamed in whole (temporary dotfile, then rename): the same time.
// Prints a markdown table and writes bench/results/settle.json.
import { mkdirSync, mkdtempSync, closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { arg, here, median, root } from "./common.mjs";

const { validateConfig } = await import(join(root, "dist/config.js"));
const { watch } = await import(join(root, "dist/watch.js"));

const settles = arg("--settles", "250,500,1000,2000").split(",").map(Number);
const pauses = arg("--pauses", "100,300,600,900,1500").split(",").map(Number);
const samples = Number(arg("--samples", "3"));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function story(id, body) {
  return ["---", `id: ${id}`, `title: "Story ${id}"`, 'byline: "By Amira Haddad"', "credit: Northwind Wire",
    'copyright: "Copyright © 2026 Northwind Wire. All rights reserved."', `published: ${new Date(Date.UTC(2026, 11, 2, 9)).toISOString()}`,
    "---", "", body, ""].join("\n");
}
const PARAGRAPHS = ["GENEVA — The first paragraph, front matter complete.", "The second.", "The third.", "The fourth.", "The fifth and last."];

async function withWatcher(settle, fn) {
  const dir = mkdtempSync(join(tmpdir(), "wirefeed-settle-"));
  const stories = join(dir, "stories");
  const out = join(dir, "output");
  mkdirSync(stories);
  writeFileSync(join(stories, "a.md"), story("a", "GENEVA — A story already there."));
  const r = validateConfig({ siteUrl: "https://wire.example.org/", watch: { settle } });
  const versions = new Map();
  const w = await watch({
    config: r.config, stories, out, log: () => {},
    onRebuild: () => {
      const feed = JSON.parse(readFileSync(join(out, "feed.json"), "utf8"));
      for (const item of feed.items) {
        const id = item.id.slice(item.id.lastIndexOf("/") + 1);
        if (!versions.has(id)) versions.set(id, new Set());
        versions.get(id).add(item.content_html);
      }
    },
  });
  try {
    return await fn({ stories, out, versions });
  } finally {
    await w.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resolves with performance.now() once feed.json holds `id` (checked every 5 ms). */
async function whenIn(out, id, ms = 30_000) {
  const deadline = performance.now() + ms;
  for (;;) {
    try {
      if (readFileSync(join(out, "feed.json"), "utf8").includes(`/stories/${id}"`)) return performance.now();
    } catch {}
    if (performance.now() > deadline) throw new Error(`${id} never reached the feed`);
    await sleep(5);
  }
}

const results = [];
for (const settle of settles) {
  const row = { settle, slow: [], inPlaceMs: [], renamedMs: [] };
  for (const pause of pauses) {
    const r = await withWatcher(settle, async ({ stories, out, versions }) => {
      const fd = openSync(join(stories, "slow.md"), "w");
      for (const [i, p] of PARAGRAPHS.entries()) {
        if (i > 0) await sleep(pause);
        writeSync(fd, i === 0 ? story("slow", p) : `\n${p}\n`);
      }
      closeSync(fd);
      const written = performance.now();
      await whenIn(out, "slow");
      // Whole once its last paragraph is in; wait for that (an incomplete version may come first).
      const deadline = performance.now() + 30_000;
      while (![...(versions.get("slow") ?? [])].some((v) => v.includes("fifth and last")) && performance.now() < deadline) await sleep(5);
      const lateMs = performance.now() - written;
      const seen = [...(versions.get("slow") ?? [])];
      return { pause, versions: seen.length, incomplete: seen.filter((v) => !v.includes("fifth and last")).length, lastChunkToWholeMs: Math.round(lateMs) };
    });
    row.slow.push(r);
  }
  await withWatcher(settle, async ({ stories, out }) => {
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      writeFileSync(join(stories, `in-place-${i}.md`), story(`in-place-${i}`, "GENEVA — Written at once."));
      row.inPlaceMs.push((await whenIn(out, `in-place-${i}`)) - t0);
      writeFileSync(join(stories, `.renamed-${i}.tmp`), story(`renamed-${i}`, "GENEVA — Renamed in."));
      const t1 = performance.now();
      renameSync(join(stories, `.renamed-${i}.tmp`), join(stories, `renamed-${i}.md`));
      row.renamedMs.push((await whenIn(out, `renamed-${i}`)) - t1);
      await sleep(200);
    }
  });
  results.push({ ...row, inPlaceMedianMs: Math.round(median(row.inPlaceMs)), renamedMedianMs: Math.round(median(row.renamedMs)) });
  process.stderr.write(`settle ${settle} ms done\n`);
}

const table = [
  `| settle | ${pauses.map((p) => `5 chunks ${p} ms apart: versions (incomplete)`).join(" | ")} | written at once → feed (median) | renamed in → feed (median) |`,
  `|---:|${pauses.map(() => "---:").join("|")}|---:|---:|`,
  ...results.map((r) => `| ${r.settle} ms | ${r.slow.map((s) => `${s.versions} (${s.incomplete})`).join(" | ")} | ${r.inPlaceMedianMs} ms | ${r.renamedMedianMs} ms |`),
].join("\n");
console.log(`\n${samples} samples of each single write; Node ${process.version}\n`);
console.log(table);
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", arg("--results", "settle.json")), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results, table }, null, 2)}\n`);
