// npm run bench:serve — `wirefeed serve`, nginx (the conf `wirefeed nginx-conf` prints) and a
// minimal Node `http` server sending the same precompressed bytes from memory, on the same files,
// in one run, with the same load tool (wrk). Reports requests/s for gzip 200s and for 304s (median
// of --rounds rounds, servers taking turns), each as a ratio to the minimal server; serve's memory
// under --conns concurrent connections against its idle memory; and how long serve holds
// half-open sockets. CPU µs per request of each server (from /proc) beside requests/s: it
// moves less than requests/s when other work shares the machine. Needs wrk and nginx (Debian: apt-get install wrk nginx); not run by CI.
//   node bench/serve.mjs [--seconds 5] [--rounds 3] [--conns 100] [--many 2000] [--json bench/results/serve.json] [--throughput-only]
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { arg, median, root } from "./common.mjs";

const seconds = Number(arg("--seconds", "5"));
const rounds = Number(arg("--rounds", "3"));
const conns = Number(arg("--conns", "100"));
const many = Number(arg("--many", "2000"));
const jsonOut = arg("--json", undefined);
// Requests/s and CPU per request only: no memory or half-open phase (for comparing changes quickly).
const throughputOnly = process.argv.includes("--throughput-only");
const CLI = join(root, "dist/cli/main.js");
const FILE = "rss.xml";

for (const tool of ["wrk", "nginx"]) {
  if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) {
    console.error(`bench:serve needs ${tool} (Debian: apt-get install ${tool})`);
    process.exit(2);
  }
}

const freePort = () => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function accepting(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((resolve) => { const s = connect(port, "127.0.0.1", () => { s.destroy(); resolve(true); }); s.on("error", () => resolve(false)); });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`nothing on port ${port}`);
}
const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);

// The files: the repository's sample stories, built with precompressed siblings.
const work = mkdtempSync(join(tmpdir(), "wirefeed-bench-serve-"));
chmodSync(work, 0o755);
const out = join(work, "output");
execFileSync(process.execPath, [CLI, "build", "--stories", join(root, "stories"), "--out", out, "--now", "2026-11-24T12:00:00Z"], { stdio: "ignore" });
const plain = readFileSync(join(out, FILE));
const gz = readFileSync(join(out, `${FILE}.gz`));

const children = [];
// On an early exit (an error), nothing is left running; SIGTERM lets nginx stop its workers.
process.on("exit", () => { for (const c of children) c.kill("SIGTERM"); });

// 1. wirefeed serve (the CLI, default limits but the connection cap, raised for the --many test).
const servePort = await freePort();
writeFileSync(join(work, "wirefeed.config.json"), JSON.stringify({ serve: { maxConnections: many + 500 } }));
const serveChild = spawn(process.execPath, [CLI, "serve", "--out", out, "--port", String(servePort), "--config", join(work, "wirefeed.config.json")], { stdio: "ignore" });
children.push(serveChild);

// 2. nginx with the generated conf (worker_processes set to 1, as the Node servers are one thread).
const ngPort = await freePort();
const prefix = mkdtempSync(join(tmpdir(), "wirefeed-bench-nginx-"));
chmodSync(prefix, 0o755);
const conf = execFileSync(process.execPath, [CLI, "nginx-conf", "--out", out, "--listen", `127.0.0.1:${ngPort}`], { encoding: "utf8" })
  .replace("worker_processes auto;", "worker_processes 1;");
writeFileSync(join(prefix, "nginx.conf"), conf);
const ngChild = spawn("nginx", ["-p", prefix, "-c", join(prefix, "nginx.conf"), "-g", "daemon off;"], { stdio: "ignore" });
children.push(ngChild);

// 3. The minimal Node server: the same precompressed bytes from memory and the same header fields
// with the same values as serve sends (ETag from the bytes, Last-Modified, Cache-Control, Vary,
// nosniff), made once and handed to writeHead as arrays, on keep-alive connections as Node's
// defaults give; nothing else (no checks, no lookup, no timeouts).
const minPort = await freePort();
const minimal = `
const http = require("node:http"), fs = require("node:fs"), crypto = require("node:crypto");
const file = ${JSON.stringify(join(out, FILE))};
const gz = fs.readFileSync(file + ".gz");
const etag = '"' + crypto.createHash("sha256").update(fs.readFileSync(file)).digest("base64url") + '.gz"';
const validators = ["ETag", etag, "Last-Modified", fs.statSync(file).mtime.toUTCString(), "Cache-Control", "public, max-age=300", "Vary", "Accept, Accept-Encoding"];
const ok = ["Content-Type", "application/rss+xml; charset=utf-8", ...validators, "X-Content-Type-Options", "nosniff", "Content-Encoding", "gzip", "Content-Length", String(gz.length)];
http.createServer((req, res) => {
  if (req.headers["if-none-match"] === etag) return res.writeHead(304, validators).end();
  res.writeHead(200, ok).end(gz);
}).listen(${minPort}, "127.0.0.1");`;
const minChild = spawn(process.execPath, ["-e", minimal], { stdio: "ignore" });
children.push(minChild);

await Promise.all([accepting(servePort), accepting(ngPort), accepting(minPort)]);

const servers = { serve: servePort, nginx: ngPort, minimal: minPort };
const pids = { serve: serveChild.pid, nginx: ngChild.pid, minimal: minChild.pid };
const etagOf = async (port) => (await fetch(`http://127.0.0.1:${port}/${FILE}`, { headers: { "accept-encoding": "gzip" } })).headers.get("etag");
const etags = Object.fromEntries(await Promise.all(Object.entries(servers).map(async ([k, p]) => [k, await etagOf(p)])));

// CPU time (user + system, in clock ticks) of a process and its children (nginx's worker).
const ticksOf = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  return Number(f[11]) + Number(f[12]) + kids.reduce((sum, kid) => sum + ticksOf(kid), 0);
};
const TICK_US = 1e6 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));

/** One wrk run: requests/s, answers that were not 2xx or 3xx, and the server's CPU µs per request (less sensitive to other load on the machine than requests/s). */
function wrk(port, headers, c = conns, d = seconds, pid = undefined) {
  const args = ["-t", "2", "-c", String(c), "-d", `${d}s`, "--latency"];
  for (const h of headers) args.push("-H", h);
  const before = pid === undefined ? 0 : ticksOf(pid);
  const r = spawnSync("wrk", [...args, `http://127.0.0.1:${port}/${FILE}`], { encoding: "utf8" });
  const after = pid === undefined ? 0 : ticksOf(pid);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1] ?? NaN);
  const requests = Number(/(\d+) requests in/.exec(r.stdout)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
  return { rps, non2xx, cpuUsPerRequest: ((after - before) * TICK_US) / requests };
}

// Warm up each server (the first request of a version reads and caches it).
for (const port of Object.values(servers)) wrk(port, ["Accept-Encoding: gzip"], 10, 1);

const results = { gzip200: {}, notModified304: {} };
for (const [scenario, headersFor] of [["gzip200", () => ["Accept-Encoding: gzip"]], ["notModified304", (k) => ["Accept-Encoding: gzip", `If-None-Match: ${etags[k]}`]]]) {
  const runs = Object.fromEntries(Object.keys(servers).map((k) => [k, []]));
  const cpu = Object.fromEntries(Object.keys(servers).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [k, port] of Object.entries(servers)) {
      const { rps, non2xx, cpuUsPerRequest } = wrk(port, headersFor(k), conns, seconds, pids[k]);
      if (non2xx > 0) console.error(`${scenario} ${k}: ${non2xx} non-2xx/3xx answers`);
      runs[k].push(rps);
      cpu[k].push(Number(cpuUsPerRequest.toFixed(1)));
    }
  }
  for (const k of Object.keys(servers)) results[scenario][k] = { runs: runs[k], median: median(runs[k]), cpuUsPerRequest: cpu[k], cpuMedian: median(cpu[k]) };
}

let idleKiB = NaN, peakKiB = NaN, manyLoad, halfOpen = [NaN];
if (!throughputOnly) {
  // Memory: serve's resident set idle, then its peak while --many connections fetch at once.
  idleKiB = rssKiB(serveChild.pid);
  peakKiB = idleKiB;
  const sampler = setInterval(() => { peakKiB = Math.max(peakKiB, rssKiB(serveChild.pid)); }, 100);
  manyLoad = await new Promise((resolve) => {
    const child = spawn("wrk", ["-t", "2", "-c", String(many), "-d", `${seconds}s`, "-H", "Accept-Encoding: gzip", `http://127.0.0.1:${servePort}/${FILE}`]);
    let stdout = "";
    child.stdout.on("data", (c) => { stdout += c; });
    child.on("exit", () => resolve({ rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN), errors: /Socket errors:.*/.exec(stdout)?.[0] ?? "none" }));
  });
  clearInterval(sampler);

  // Half-open sockets: 50 that connect and send nothing, 50 that send half a request; how long until serve closes each (bounded: 60 s).
  halfOpen = await Promise.all(Array.from({ length: 100 }, (_, i) => new Promise((resolve) => {
    const started = Date.now();
    const s = connect(servePort, "127.0.0.1", () => { if (i % 2) s.write("GET /rss.xml HTTP/1.1\r\nHost: a\r\n"); });
    const timer = setTimeout(() => { s.destroy(); resolve(Infinity); }, 60_000);
    s.on("close", () => { clearTimeout(timer); resolve((Date.now() - started) / 1000); });
    s.on("error", () => {});
    s.resume(); // read, or the server's close (after its 408) is never seen
  })));
}

const ratio = (scenario, k) => results[scenario][k].median / results[scenario].minimal.median;
// The minimal server's CPU per request over the server's: like the requests/s ratio, higher is better.
const cpuRatio = (scenario, k) => results[scenario].minimal.cpuMedian / results[scenario][k].cpuMedian;
const report = {
  when: new Date().toISOString(), node: process.version, loadAverage: loadavg().map((l) => Number(l.toFixed(2))), file: `${FILE} (${plain.length} B, gzip ${gz.length} B)`, seconds, rounds, conns, many,
  note: "compare ratios within the run, not absolute figures across runs (loadAverage says how busy the machine was)",
  requestsPerSecond: results,
  ratios: {
    gzip200: { serve: ratio("gzip200", "serve"), nginx: ratio("gzip200", "nginx") },
    notModified304: { serve: ratio("notModified304", "serve"), nginx: ratio("notModified304", "nginx") },
  },
  cpuRatios: {
    gzip200: { serve: cpuRatio("gzip200", "serve"), nginx: cpuRatio("gzip200", "nginx") },
    notModified304: { serve: cpuRatio("notModified304", "serve"), nginx: cpuRatio("notModified304", "nginx") },
  },
  memory: { idleMiB: idleKiB / 1024, peakMiB: peakKiB / 1024, ratio: peakKiB / idleKiB, load: manyLoad },
  halfOpenClosedWithinSeconds: Math.max(...halfOpen),
};
console.log(JSON.stringify(report, null, 2));
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(report, null, 2)}\n`);
// Stop each server and wait for it: nginx's master stops its workers on SIGTERM, and a master
// killed outright would leave them running.
await Promise.all(children.map((c) => new Promise((resolve) => {
  if (c.exitCode !== null || c.signalCode !== null) return resolve();
  c.once("exit", resolve);
  c.kill("SIGTERM");
})));
process.exit(0);
