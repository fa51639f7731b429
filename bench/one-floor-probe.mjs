#!/usr/bin/env node
// Run by bench/one-floor.mjs in a fresh process: the least work a build with one story changed
// must do in a fresh process whatever its record looks like, with this checkout's own modules
// (DIST is its dist/). It lists and stats every story and output file and reads the record's
// head (what the up-to-date check does), validates the config, parses the changed story,
// puts it into the one archive page that holds it (the page's plan as `PLAN` holds it, v8-
// serialized by the driver: what a record keeping each page's stories would give), fingerprints
// and renders that page (three formats, each with its .gz and .br), and writes the head and one
// tenth of the entry lines (one shard) atomically. Nothing is planned, resolved or loaded for
// the other stories. Prints the time of each step since the process started, as JSON.
import { readFileSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";

const [dist, stories, out, configPath, planFile, changedFile] = process.argv.slice(2);
const at = {};
const mark = (name) => (at[name] = performance.now());
const from = (path) => import(pathToFileURL(join(dist, path)).href);
mark("started");

const [{ listStories }, { readHead, stateKey, RECORD_FILE }, { VERSION }] = await Promise.all([
  from("ingest/read.js"), from("state/record.js"), from("version.js"),
]);
const text = readFileSync(configPath, "utf8");
const head = readHead(out, stateKey(VERSION, { text }));
if (!head) throw new Error("no record head under this key: build the output folder with this checkout first");
const listed = await listStories(stories, out);
for (const { path } of listed.files) statSync(path, { throwIfNoEntry: false });
for (const [file] of head.outputs) statSync(join(out, file), { throwIfNoEntry: false });
mark("listed, stat-ed, head read");

const { parseConfig } = await from("config/config.js");
const config = parseConfig(configPath, text);
mark("config validated");

const { loadEntrySync } = await from("state/entry.js");
const sf = listed.files.find((f) => f.file === changedFile);
const entry = loadEntrySync(sf, config);
if (!entry.story) throw new Error(`${changedFile} gave no story`);
mark("story parsed");

const [{ fingerprint }, { renderPage }] = await Promise.all([from("plan/fingerprint.js"), from("publish/archive-pages.js")]);
const page = v8.deserialize(readFileSync(planFile));
const i = page.doc.items.findIndex((s) => s.file === changedFile);
page.doc.items[i] = entry.story;
const hashes = JSON.parse(readFileSync(`${planFile}.hashes.json`, "utf8"));
hashes[changedFile] = entry.hash;
fingerprint(page);
await renderPage({ storiesDir: stories, out, siteUrl: config.siteUrl, precompress: config.precompress }, { page, hashes });
mark("page rendered and written");

const { writeAtomicPieces } = await from("publish/write.js");
const record = readFileSync(join(out, RECORD_FILE));
const headEnd = record.indexOf(0x0a) + 1;
const shardEnd = headEnd + Math.round((record.length - headEnd) / 10);
const hash = createHash("sha1");
const pieces = [record.subarray(0, headEnd), record.subarray(headEnd, record.indexOf(0x0a, shardEnd) + 1)];
for (const p of pieces) hash.update(p);
pieces.push(Buffer.from(`${JSON.stringify({ checksum: hash.digest("base64url") })}\n`));
writeAtomicPieces(join(out, ".floor-record.json"), pieces);
mark("head and one shard written");

console.log(JSON.stringify(at));
