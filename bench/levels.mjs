#!/usr/bin/env node
// node bench/levels.mjs OUTPUT_DIR [--only "gzip 5,gzip 6"]
//
// Bytes against CPU time of each gzip level and brotli quality wirefeed could precompress its
// outputs with, over every output file of a build (siblings and dotfiles left out): the numbers
// behind the levels in src/publish/precompress.ts. Each level's best of three passes (one for
// brotli 11, which is slow), on this thread.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants as z } from "node:zlib";
import { arg } from "./common.mjs";
const dir = process.argv[2];
// --only "gzip 5,gzip 6": just those (a 10,000-story output takes minutes at brotli 11)
const only = arg("--only", undefined)?.split(",");
const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => !/\.(gz|br)$/.test(f) && !f.includes(".wirefeed") && statSync(join(dir, f)).isFile());
const bufs = files.map((f) => readFileSync(join(dir, f)));
const total = bufs.reduce((a, b) => a + b.length, 0);
const cases = [
  ...[1, 4, 5, 6, 9].map((l) => [`gzip ${l}`, (b) => gzipSync(b, { level: l })]),
  ...[3, 4, 5, 6, 11].map((q) => [`brotli ${q}`, (b) => brotliCompressSync(b, { params: { [z.BROTLI_PARAM_QUALITY]: q, [z.BROTLI_PARAM_MODE]: z.BROTLI_MODE_TEXT, [z.BROTLI_PARAM_SIZE_HINT]: b.length } })]),
];
console.log(`${files.length} files, ${(total / 1e6).toFixed(2)} MB`);
for (const [name, f] of cases.filter(([name]) => !only || only.includes(name))) {
  const rounds = name === "brotli 11" ? 1 : 3; let best = Infinity, out = 0;
  for (let r = 0; r < rounds; r++) { const t = process.cpuUsage(); out = 0; for (const b of bufs) out += f(b).length; const u = process.cpuUsage(t); best = Math.min(best, (u.user + u.system) / 1000); }
  console.log(`${name.padEnd(10)} ${best.toFixed(0).padStart(6)} CPU-ms  ${(out / 1e3).toFixed(0).padStart(7)} KB  ratio ${(total / out).toFixed(1)}  ${(total / 1e3 / best).toFixed(0)} MB/s`);
}
