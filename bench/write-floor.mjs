// The least a build can pay to write its outputs: every file of a finished output folder
// (dotfiles aside: the plain script keeps no record either) read into memory first, untimed, then
// written as new files into an empty folder, one writeFileSync each, nothing rendered or compressed.
// node bench/write-floor.mjs FROM TO  ->  "wrote N files, B bytes in W ms, C CPU ms"
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [from, to] = process.argv.slice(2);
const files = readdirSync(from, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && !join(e.parentPath ?? e.path, e.name).slice(from.length).split("/").some((p) => p.startsWith(".")))
  .map((e) => { const path = join(e.parentPath ?? e.path, e.name); return [path.slice(from.length + 1), readFileSync(path)]; });
rmSync(to, { recursive: true, force: true });
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
const made = new Set();
let bytes = 0;
for (const [name, data] of files) {
  const dir = dirname(join(to, name));
  if (!made.has(dir)) mkdirSync(dir, { recursive: true }), made.add(dir);
  writeFileSync(join(to, name), data);
  bytes += data.length;
}
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const used = process.cpuUsage(cpu);
console.log(`wrote ${files.length} files, ${bytes} bytes in ${Math.round(ms)} ms, ${Math.round((used.user + used.system) / 1000)} CPU ms`);
