#!/usr/bin/env node
// npm run bench:agency [-- --reps 2000]
//
// Reads the same story (tests/fixtures/agency/harbour-*) as ninjs 1.x, 2.x, 3.x and NewsML-G2,
// and as a Markdown file with the same fields, from bytes to a catalogued story (storyFromBytes,
// no body rendered, as a build catalogues), alternating formats, and prints the median time per
// story of each and its ratio to Markdown. In-process; nothing is written.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { arg, median, root } from "./common.mjs";

const { storyFromBytes } = await import(join(root, "dist/normalize/from-bytes.js"));
const { defaultConfig } = await import(join(root, "dist/config/config.js"));
const reps = Number(arg("--reps", "2000"));
const config = defaultConfig();
const fixtures = join(root, "tests/fixtures/agency");
const markdown = `---
id: newsml-example-wire.com-20261120-harbour-crane
title: Harbour crane collapse halts night shift
published: 2026-11-20T08:30:00+01:00
updated: 2026-11-20T09:45:00+01:00
embargo: 2026-11-20T08:00:00Z
byline: By Amira Haddad
credit: Example Wire
copyright: Copyright 2026 Example Wire. All rights reserved.
usage_terms: Not for redistribution outside Europe.
dateline: ROTTERDAM
summary: A crane fell across two berths; nobody was hurt.
categories: [Transport, Accidents]
language: en
version: 3
image:
  url: https://images.example-wire.com/2026/11/20/harbour-crane-1600.jpg
  caption: The fallen crane lies across berths 4 and 5 at the container terminal, Rotterdam, on Thursday night.
  credit: Lotte Janssen / Example Wire Photo
  copyright: © 2026 Example Wire Photo
  usage_terms: Editorial use only. No archiving.
  width: 1600
  height: 1067
  type: image/jpeg
  length: 412672
---

A crane fell across two berths at the container terminal on Thursday night, the port authority said.

Nobody was hurt, but the night shift was sent home and "work will resume on Friday", a spokeswoman said.
`;
const inputs = {
  markdown: ["harbour.md", Buffer.from(markdown)],
  "ninjs 1.x": ["harbour.json", readFileSync(join(fixtures, "harbour-ninjs1.json"))],
  "ninjs 2.x": ["harbour.json", readFileSync(join(fixtures, "harbour-ninjs2.json"))],
  "ninjs 3.x": ["harbour.json", readFileSync(join(fixtures, "harbour-ninjs3.json"))],
  "NewsML-G2": ["harbour.xml", readFileSync(join(fixtures, "harbour-g2.xml"))],
};
const times = Object.fromEntries(Object.keys(inputs).map((k) => [k, []]));
const mtime = new Date(0);
for (let i = 0; i < reps; i++) {
  for (const [name, [file, bytes]] of Object.entries(inputs)) {
    const t = process.hrtime.bigint();
    const { story } = storyFromBytes(file, bytes, mtime, config);
    times[name].push(Number(process.hrtime.bigint() - t) / 1e3);
    if (!story) throw new Error(`${name}: no story`);
  }
}
const base = median(times.markdown);
console.log(`format       µs/story  × Markdown   (median of ${reps}, bytes)`);
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs);
  console.log(`${name.padEnd(12)} ${m.toFixed(1).padStart(8)}  ${(m / base).toFixed(2).padStart(9)}   ${inputs[name][1].length}`);
}
