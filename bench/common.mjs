// What the benchmarks share: flags, the deterministic corpora, medians.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "..");

/** The value after `--name` on the command line, or `fallback`. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
}

/**
 * bench/.corpus/<name>/stories with `n` stories from bench/make-corpus.mjs
 * (--raw-every 10), made once and reused while its `done` marker is there; with `perDay`, in
 * dated folders of that many stories each.
 */
export function corpus(name, n, { perDay } = {}) {
  const dir = join(here, ".corpus", name);
  const stories = join(dir, "stories");
  if (!existsSync(join(dir, "done"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const r = spawnSync(process.execPath, [join(here, "make-corpus.mjs"), String(n), stories, "--raw-every", "10"], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("make-corpus failed");
    if (perDay) dateFolders(stories, perDay);
    writeFileSync(join(dir, "done"), "");
  }
  return { dir, stories };
}

/**
 * The bench corpus of `size` stories (see `corpus`) with a warm archive beside it in
 * bench/.corpus/N/out-watch, built once by this tree's CLI (exit 1, a build that reported story
 * errors, is still a build): what the watcher benchmarks edit under.
 */
export function warmArchive(size) {
  const { dir, stories } = corpus(String(size), size);
  const out = join(dir, "out-watch");
  if (!existsSync(join(out, "feed.json"))) {
    const r = spawnSync(process.execPath, [join(root, "dist/cli/main.js"), "build", "--stories", stories, "--out", out], { stdio: "inherit" });
    if (r.status !== 0 && r.status !== 1) throw new Error("the warm archive's build failed");
  }
  return { dir, stories, out };
}

/** The three load averages, as the benchmarks print them beside their figures. */
export const loadAverage = () => loadavg().map((x) => x.toFixed(2)).join(" ");

/** The folder of a day as `wirefeed new` and the README's layout name it: YYYY/MM/DD. */
export const dayFolder = (date) => date.toISOString().slice(0, 10).replaceAll("-", "/");

/**
 * Moves a flat folder's stories into dated folders (stories/2026/12/02/…), `perDay` a day in
 * name order, the last day being 2026-12-01: an archive as a desk keeps it.
 */
function dateFolders(stories, perDay) {
  const names = readdirSync(stories).filter((n) => !n.startsWith(".")).sort();
  const days = Math.ceil(names.length / perDay);
  names.forEach((name, i) => {
    const day = dayFolder(new Date(Date.UTC(2026, 11, 1) - (days - 1 - Math.floor(i / perDay)) * 86_400_000));
    mkdirSync(join(stories, day), { recursive: true });
    renameSync(join(stories, name), join(stories, day, name));
  });
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * A child's output lines, and `until(re, from)`: the first line matching `re` at or after line
 * number `from` (0: any line so far), now or when it arrives.
 */
export function lineReader(stream, timeoutMs = 100_000) {
  const lines = [];
  const waiting = [];
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop();
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiting]) if (w.re.test(line)) (waiting.splice(waiting.indexOf(w), 1), w.resolve(line));
    }
  });
  const until = (re, from = 0) => {
    const found = lines.slice(from).find((l) => re.test(l));
    return found !== undefined ? Promise.resolve(found) : new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the child never printed ${re}`)), timeoutMs);
      waiting.push({ re, resolve: (line) => (clearTimeout(timer), resolve(line)) });
    });
  };
  return { lines, until };
}

/** CPU time of every thread of a process so far, in ms. */
export function cpuMsOf(pid) {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return ns / 1e6;
}

/**
 * `changed` edited `edits` times under a running `wirefeed watch` (the CLI `cli`, node `flags`
 * first) of the warm archive in `out`: the watcher's own time for each rebuild ("in N ms") and the
 * CPU its threads spent from the edit to that line, and its peak resident memory. It starts past
 * its first rebuild and rest; edits are 300 ms apart, so each is one rebuild and the watcher never
 * rests between. `startMs`: how long its start may take.
 */
export async function editsUnderWatcher({ cli, stories, out, changed, edits, flags = [], startMs = 100_000 }) {
  const child = spawn(process.execPath, [...flags, cli, "watch", "--stories", stories, "--out", out], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    const output = lineReader(child.stdout, startMs);
    await output.until(/Ctrl-C stops/);
    await new Promise((r) => setTimeout(r, 2000)); // past the start's own rebuild and rest
    const name = changed.slice(changed.lastIndexOf("/") + 1).replace(".", "\\.");
    const workMs = [], cpuMs = [];
    for (let i = 0; i < edits; i++) {
      const from = output.lines.length;
      const cpu = cpuMsOf(child.pid);
      appendFileSync(changed, `\nAn edit under the watcher, ${process.hrtime.bigint()}.\n`);
      const line = await output.until(new RegExp(`changed ${name}.* in \\d+ ms`), from);
      cpuMs.push(cpuMsOf(child.pid) - cpu);
      workMs.push(Number(/ in (\d+) ms/.exec(line)[1]));
      await new Promise((r) => setTimeout(r, 300));
    }
    const rssMb = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;
    return { workMs, cpuMs, rssMb };
  } finally {
    child.kill("SIGINT");
    await exited;
  }
}
