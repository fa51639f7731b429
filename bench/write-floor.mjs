// The least a build can pay to write its outputs: every file of a finished output folder
// (dotfiles and siblings aside: the plain script keeps no record either) read into memory first,
// untimed, then written as new files into an empty folder, one writeFileSync each, nothing
// rendered. With --compress, each file's .gz and .br siblings too, compressed as wirefeed
// compresses (src/publish/precompress.ts, on the thread pool: every core at work).
// node bench/write-floor.mjs FROM TO [--compress]  ->  "wrote N files, B bytes in W ms, C CPU ms"
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { root } from "./common.mjs";

const [from, to] = process.argv.slice(2);
const { compress, siblingsOf, isSibling } = await import(join(root, "dist/publish/precompress.js"));
const files = readdirSync(from, { recursive: true, withFileTypes: true })
  .map((e) => join(e.parentPath ?? e.path, e.name).slice(from.length + 1) + (e.isFile() ? "" : "/"))
  .filter((name) => !name.endsWith("/") && !isSibling(name) && !name.split("/").some((p) => p.startsWith(".")))
  .map((name) => [name, readFileSync(join(from, name))]);
rmSync(to, { recursive: true, force: true });
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
// As many compressions at a time as there are cores: all at once holds a compressor's state for
// each (12 GB at 100,000 stories) and runs no faster.
async function withSiblings() {
  const done = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const [name, data] = files[i];
      const [gz, br] = siblingsOf(name);
      done[i] = [[name, data], [gz, await compress(data, "gzip")], [br, await compress(data, "br")]];
    }
  };
  await Promise.all(Array.from({ length: availableParallelism() }, worker));
  return done.flat();
}
const out = process.argv.includes("--compress") ? await withSiblings() : files;
const made = new Set();
let bytes = 0;
for (const [name, data] of out) {
  const dir = dirname(join(to, name));
  if (!made.has(dir)) mkdirSync(dir, { recursive: true }), made.add(dir);
  writeFileSync(join(to, name), data);
  bytes += data.length;
}
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const used = process.cpuUsage(cpu);
console.log(`wrote ${out.length} files, ${bytes} bytes in ${Math.round(ms)} ms, ${Math.round((used.user + used.system) / 1000)} CPU ms`);
