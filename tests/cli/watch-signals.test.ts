import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectValidFeeds } from "../support/judge.js";
import { makeTree, storyText } from "../support/tree.js";
import { until } from "../support/until.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

/** What a writer cut short can leave: its temporary files (`.NAME.PID.HEX.tmp`) and its mark (`.wirefeed-writing.PID`). */
function leftovers(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /\.tmp$|\.wirefeed-writing\./.test(f)) : [];
}

describe("wirefeed watch, a second Ctrl-C", () => {
  it("exits at once, with 130, while the first build is still running; the next build tidies what it left", async () => {
    // Enough stories for the first build to take a while, below the count built in a child process.
    const files: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) {
      files[`stories/s${String(i).padStart(4, "0")}.md`] = storyText({ title: `"Story ${i}"`, published: "2026-11-20T09:00:00Z" }, "GENEVA — Talks resumed on Friday.\n\n".repeat(20));
    }
    const root = makeTree(files, "wirefeed-signals-");
    const child = spawn(process.execPath, [CLI, "watch", "--stories", "stories", "--out", "output"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stdout += d));
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on("exit", (code, signal) => done([code, signal])));
    // The signal handlers are installed before the first build starts, and the build marks the
    // output folder as being written: signal once the mark is there.
    await until(() => existsSync(join(root, `output/.wirefeed-writing.${child.pid}`)), 10_000, "the first build to start", 2);
    child.kill("SIGINT");
    await until(() => stdout.includes("SIGINT: stopping after the write in progress"), 10_000, "the first signal to be seen");
    child.kill("SIGINT");
    expect(await exited).toEqual([130, null]);
    // It did not wait for the build: the watcher never started, nor said it stopped.
    expect(stdout).not.toContain("Ctrl-C stops");
    expect(stdout).not.toContain("wirefeed: stopped");
    // Whatever it had written is whole (each file is written aside and renamed), and the next
    // build removes anything it was writing and publishes every story.
    if (existsSync(join(root, "output/rss.xml"))) expectValidFeeds(join(root, "output"));
    const build = spawnSync(process.execPath, [CLI, "build", "--stories", "stories", "--out", "output"], { cwd: root, encoding: "utf8" });
    expect(build.status).toBe(0);
    expect(build.stdout).toContain("1500 published");
    expect(leftovers(join(root, "output"))).toEqual([]);
    expectValidFeeds(join(root, "output"));
  }, 60_000);
});
