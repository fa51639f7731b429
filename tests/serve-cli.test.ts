/** `wirefeed serve` and `wirefeed hash-token` as a user runs them (the compiled CLI). */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeTree } from "./support/tree.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
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

describe("wirefeed serve", () => {
  it("prints the URLs, serves the output folder, and asks partners for their token", async () => {
    const cwd = makeTree({
      "output/rss.xml": '<?xml version="1.0"?><rss version="2.0"><channel/></rss>\n',
      "wirefeed.config.json": JSON.stringify({ ttl: 2, partners: [{ name: "Acme", tokenSha256: sha256("tok"), feeds: ["rss.xml"] }] }),
    });
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0"], { cwd });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => { stdout += c.toString(); });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", () => { if (stdout.includes("feed.json")) resolve(stdout); });
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${stdout}`)));
      });
      const base = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(first)?.[1];
      expect(base, first).toBeDefined();
      expect(first).toContain(`${base}rss.xml`);
      expect(first).toContain("1 partner");
      expect((await fetch(`${base}rss.xml`)).status).toBe(401);
      const ok = await fetch(`${base}rss.xml?token=tok`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("cache-control")).toBe("private, max-age=120");
      for (let i = 0; i < 100 && !/ 200$/m.test(stdout); i++) await new Promise((r) => setTimeout(r, 20));
      expect(stdout).toMatch(/Z - GET \/rss\.xml 401$/m);
      expect(stdout).toMatch(/Z Acme GET \/rss\.xml 200$/m);
    } finally {
      child.kill();
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
    const { storyText } = await import("./support/tree.js");
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
