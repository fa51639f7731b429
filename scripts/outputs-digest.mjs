#!/usr/bin/env node
// Prints a SHA-256 of every file a build writes, for a fixed `now` and fixed file times, so a
// change that must not alter behaviour (a refactor, a move) can be checked byte for byte:
//
//   npm run build && node scripts/outputs-digest.mjs [--corpus DIR] > before.txt
//   ... change the code ...
//   npm run build && node scripts/outputs-digest.mjs [--corpus DIR] > after.txt && diff before.txt after.txt
//
// Sets built, each in a fresh temporary folder with the compiled CLI (package.json "bin"):
//   bundled        stories/ with wirefeed.config.json, no cache
//   bundled-warm   the same, built twice with the cache; the second build (after one story file
//                  is touched) must write the same bytes
//   corpus         --corpus DIR (or, when bench/make-corpus.mjs exists, 2,500 stories it makes
//                  with every 10th one raw text), with extra feeds, 20 items per feed (so archive
//                  pages exist) and no cache
// Cache and stamp files (.wirefeed-*) hold the real clock and are left out; what the build prints
// is digested too, with its timing masked. The last line is one digest over everything.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const cli = join(root, typeof pkg.bin === "string" ? pkg.bin : pkg.bin.wirefeed);
if (!existsSync(cli)) {
  console.error(`outputs-digest: ${relative(root, cli)} is missing; run npm run build first`);
  process.exit(2);
}

const NOW = "2026-11-24T12:00:00Z";
const FILE_TIME = new Date("2026-11-20T09:30:00Z");
const args = process.argv.slice(2);
const corpusArg = args.includes("--corpus") ? resolve(args[args.indexOf("--corpus") + 1]) : undefined;

const sha = (bytes) => createHash("sha256").update(bytes).digest("hex");
const filesUnder = (dir, base = dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(join(dir, d.name), base) : [relative(base, join(dir, d.name)).split("\\").join("/")]).sort();

/** A fresh working folder holding a copy of `stories` (with fixed file times) and a config. */
function workspace(stories, config) {
  const dir = mkdtempSync(join(tmpdir(), "wirefeed-digest-"));
  cpSync(stories, join(dir, "stories"), { recursive: true });
  for (const f of filesUnder(join(dir, "stories"))) utimesSync(join(dir, "stories", f), FILE_TIME, FILE_TIME);
  writeFileSync(join(dir, "wirefeed.config.json"), JSON.stringify(config, null, 2));
  return dir;
}

function run(dir, ...extra) {
  let out;
  try {
    out = execFileSync(process.execPath, [cli, "build", "--now", NOW, ...extra], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    out = `${e.stdout}${e.stderr}exit ${e.status}\n`; // a failing build is a result to compare too
  }
  return out.replace(/ in \d+ ms$/gm, " in N ms");
}

const lines = [];
function digest(set, dir, printed) {
  const out = join(dir, "output");
  for (const f of filesUnder(out)) if (!f.split("/").pop().startsWith(".wirefeed-")) lines.push(`${sha(readFileSync(join(out, f)))}  ${set}/${f}`);
  lines.push(`${sha(printed)}  ${set}/(printed)`);
}

const repoConfig = JSON.parse(readFileSync(join(root, "wirefeed.config.json"), "utf8"));
delete repoConfig.$schema;
const wideConfig = {
  ...repoConfig,
  items: 20,
  feeds: [
    { path: "world-agencies", title: "World, from the agencies", filter: { categories: ["World", "Politics"] } },
    { path: "partners/northwind", title: "Northwind Wire", filter: { credits: ["Northwind Wire"] } },
    { path: "english", title: "In English", filter: { language: "en" } },
  ],
};

const work = [];
try {
  let dir = workspace(join(root, "stories"), repoConfig);
  work.push(dir);
  digest("bundled", dir, run(dir, "--no-cache"));

  dir = workspace(join(root, "stories"), repoConfig);
  work.push(dir);
  let printed = run(dir);
  const first = readdirSync(join(dir, "stories")).sort().find((f) => f.endsWith(".md"));
  const later = new Date(FILE_TIME.getTime() + 60_000);
  utimesSync(join(dir, "stories", first), later, later);
  printed += run(dir);
  digest("bundled-warm", dir, printed);

  let corpus = corpusArg;
  const maker = join(root, "bench", "make-corpus.mjs");
  if (!corpus && existsSync(maker)) {
    corpus = mkdtempSync(join(tmpdir(), "wirefeed-corpus-"));
    work.push(corpus);
    execFileSync(process.execPath, [maker, "2500", corpus, "--seed", "7", "--raw-every", "10"], { stdio: "ignore" });
  }
  if (corpus) {
    dir = workspace(corpus, wideConfig);
    work.push(dir);
    digest("corpus", dir, run(dir, "--no-cache"));
  } else {
    console.error("outputs-digest: no corpus (pass --corpus DIR); bundled stories only");
  }
} finally {
  for (const d of work) if (d !== corpusArg) rmSync(d, { recursive: true, force: true });
}

console.log(lines.join("\n"));
console.log(`${sha(lines.join("\n"))}  (all ${lines.length} files)`);
