/** `wirefeed serve` and `wirefeed hash-token` as a user runs them (the compiled CLI). */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeTree } from "../support/tree.js";
import { readAvailable } from "../support/fifo.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe("wirefeed hash-token", () => {
  it("prints the SHA-256 hex to paste into config, from the argument or stdin", () => {
    const arg = spawnSync(process.execPath, [CLI, "hash-token", "s3cret-token"], { encoding: "utf8" });
    expect(arg.status).toBe(0);
    expect(arg.stdout).toBe(`${sha256("s3cret-token")}\n`);
    const stdin = spawnSync(process.execPath, [CLI, "hash-token"], { input: "s3cret-token\n", encoding: "utf8" });
    expect(stdin.stdout).toBe(`${sha256("s3cret-token")}\n`);
    expect(spawnSync(process.execPath, [CLI, "hash-token", "-"], { input: "", encoding: "utf8" }).status).toBe(2);
  });
});

/** `wirefeed serve --port 0` in `cwd`; `listening` resolves with what it printed and its base URL once it lists the feeds. */
function startServe(cwd: string) {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0"], { cwd });
  const served = { child, stdout: "", listening: undefined as unknown as Promise<{ first: string; base: string }> };
  child.stdout.on("data", (c: Buffer) => { served.stdout += c.toString(); });
  served.listening = new Promise((resolve, reject) => {
    child.stdout.on("data", () => {
      if (!served.stdout.includes("feed.json")) return;
      const base = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(served.stdout)?.[1];
      expect(base, served.stdout).toBeDefined();
      resolve({ first: served.stdout, base: base! });
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${served.stdout}`)));
  });
  return served;
}

describe("wirefeed serve", () => {
  it("prints the URLs, serves the output folder, and asks partners for their token", async () => {
    const cwd = makeTree({
      "output/rss.xml": '<?xml version="1.0"?><rss version="2.0"><channel/></rss>\n',
      "wirefeed.config.json": JSON.stringify({ ttl: 2, partners: [{ name: "Acme", tokenSha256: sha256("tok"), feeds: ["rss.xml"] }] }),
    });
    const served = startServe(cwd);
    const { child } = served;
    try {
      const { first, base } = await served.listening;
      expect(first).toContain(`${base}rss.xml`);
      expect(first).toContain("1 partner");
      expect((await fetch(`${base}rss.xml`)).status).toBe(401);
      const ok = await fetch(`${base}rss.xml?token=tok`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("cache-control")).toBe("private, max-age=120");
      for (let i = 0; i < 100 && !/ 200$/m.test(served.stdout); i++) await new Promise((r) => setTimeout(r, 20));
      expect(served.stdout).toMatch(/Z - GET \/rss\.xml 401$/m);
      expect(served.stdout).toMatch(/Z Acme GET \/rss\.xml 200$/m);
    } finally {
      child.kill();
    }
  });

  // What this shows: answers go on, and no line is lost, while the log's pipe is full and unread.
  // It does not show that a log write never blocks: Node buffers writes to a pipe without limit,
  // so a plain console.log passes it too. That promise is held by the queuedLog test in
  // tests/serve/serve.test.ts, which writes to a non-blocking pipe and fails on a blocking write.
  it("keeps answering, and loses no log line, while nobody reads its log", async () => {
    const { closeSync, constants, openSync } = await import("node:fs");
    const { join } = await import("node:path");
    const cwd = makeTree({
      "output/rss.xml": '<?xml version="1.0"?><rss version="2.0"><channel/></rss>\n',
      "wirefeed.config.json": JSON.stringify({ partners: [{ name: "Acme", tokenSha256: sha256("tok"), feeds: ["rss.xml"] }] }),
    });
    // stdout is a named pipe that holds 64 KiB and that this test stops reading: what a log
    // shipper that hangs looks like to the server.
    const fifo = join(cwd, "log.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY);
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0"], { cwd, stdio: ["ignore", writer, "inherit"] });
    closeSync(writer);
    const drain = () => readAvailable(reader);
    try {
      let stdout = "";
      for (let i = 0; i < 400 && !stdout.includes("feed.json"); i++) {
        stdout += drain();
        await new Promise((r) => setTimeout(r, 25));
      }
      const base = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1];
      expect(base, stdout).toBeDefined();
      const long = "x".repeat(2000);
      const statuses: number[] = [];
      for (let i = 0; i < 120; i++) {
        const r = await fetch(`${base}${long}${i}.xml`, { signal: AbortSignal.timeout(5000) });
        statuses.push(r.status);
        await r.arrayBuffer();
      }
      expect(new Set(statuses)).toEqual(new Set([401]));
      // Read again: every line arrives, none lost or torn.
      for (let i = 0; i < 200 && (stdout.match(/ 401\n/g) ?? []).length < 120; i++) {
        stdout += drain();
        await new Promise((r) => setTimeout(r, 25));
      }
      const lines = stdout.split("\n").filter((l) => l.includes(" GET /x"));
      expect(lines).toHaveLength(120);
      for (const line of lines) expect(line).toMatch(/^\S+Z - GET \/x{2000}\d+\.xml 401$/);
    } finally {
      child.kill();
      closeSync(reader);
    }
  });

  it("nginx-conf prints a conf for the config's output folder, and exits 2 on a bad address", () => {
    const cwd = makeTree({ "output/rss.xml": "<rss/>\n", "wirefeed.config.json": JSON.stringify({ ttl: 3, output: "output" }) });
    const ok = spawnSync(process.execPath, [CLI, "nginx-conf", "--listen", "127.0.0.1:9000", "--brotli-module", "none"], { cwd, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("listen 127.0.0.1:9000;");
    expect(ok.stdout).toContain(`root ${join(realpathSync(cwd), "output")};`);
    expect(ok.stdout).toContain("max-age=180");
    expect(ok.stdout).not.toContain("load_module");
    expect(ok.stdout).not.toContain("auth_request");
    const bad = spawnSync(process.execPath, [CLI, "nginx-conf", "--listen", "nowhere"], { cwd, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--listen");
  });

  it("takes its limits from config serve: with maxConnections 1, a second connection is closed unanswered", async () => {
    const cwd = makeTree({
      "output/rss.xml": '<?xml version="1.0"?><rss version="2.0"><channel/></rss>\n',
      "wirefeed.config.json": JSON.stringify({ serve: { maxConnections: 1 } }),
    });
    const served = startServe(cwd);
    let held: Socket | undefined;
    try {
      const { base } = await served.listening;
      const { hostname, port } = new URL(base);
      held = await new Promise<Socket>((ok) => { const s = connect(Number(port), hostname, () => ok(s)); });
      await new Promise((r) => setTimeout(r, 50));
      // One more connection, with a whole request: closed, and not a byte of answer.
      const second = await new Promise<{ reply: string; closed: boolean }>((done) => {
        let reply = "";
        const s = connect(Number(port), hostname, () => s.write("GET /rss.xml HTTP/1.1\r\nHost: a\r\n\r\n"));
        s.on("data", (d) => (reply += d));
        s.on("error", () => undefined);
        s.on("close", () => done({ reply, closed: true }));
        setTimeout(() => { s.destroy(); done({ reply, closed: false }); }, 5000).unref();
      });
      expect(second).toEqual({ reply: "", closed: true });
      held.destroy();
      await new Promise((r) => setTimeout(r, 50));
      expect((await fetch(`${base}rss.xml`)).status).toBe(200);
    } finally {
      held?.destroy();
      served.child.kill();
    }
  });

  it("exits 2 on a bad port", () => {
    const r = spawnSync(process.execPath, [CLI, "serve", "--port", "http"], { cwd: makeTree({ "output/.keep": "" }), encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--port");
  });
});

describe("wirefeed watch --serve (what npm start runs)", () => {
  it("serves the feeds it builds, a new story reaches partners over HTTP, and SIGTERM stops it cleanly", async () => {
    const { writeFileSync, renameSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { storyText } = await import("../support/tree.js");
    const cwd = makeTree({ "stories/first.md": storyText({ title: '"First story"' }) });
    const child = spawn(process.execPath, [CLI, "watch", "--serve", "--port", "0"], { cwd });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => { stdout += c.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const until = async (test: () => boolean | Promise<boolean>, what: string) => {
      for (const end = Date.now() + 10_000; !(await test());) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${stdout}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    try {
      await until(() => stdout.includes("Ctrl-C stops"), "the watcher to start");
      const base = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1];
      expect(base, stdout).toBeDefined();
      const titles = async () => ((await (await fetch(`${base}feed.json`)).json()) as { items: { title: string }[] }).items.map((i) => i.title);
      expect(await titles()).toEqual(["First story"]);
      // Written whole under another name, then renamed in: as a wire system delivers.
      writeFileSync(join(cwd, "stories/.second.tmp"), storyText({ title: '"Second story"', published: "2026-11-21T09:00:00Z" }));
      renameSync(join(cwd, "stories/.second.tmp"), join(cwd, "stories/second.md"));
      await until(async () => (await titles()).includes("Second story"), "the new story in feed.json over HTTP");
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stdout).toContain("wirefeed: stopped");
    } finally {
      child.kill("SIGKILL");
    }
  });
});
