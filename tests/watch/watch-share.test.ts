/**
 * Watching a share whose events cannot be trusted, through a real FUSE mount: Debian's `bindfs`
 * shows a folder at a second place, and the test writes to the folder underneath, as another
 * machine writes to an NFS or SMB share: the kernel sends no event through the mount for those
 * writes. Without polling no story appears (and the watcher says why); with `--poll` every
 * story, edit, rename and removal reaches the feeds. `.ci/run` installs bindfs and fuse3.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/config.js";
import { watch } from "../../src/watch/watcher.js";
import { DEFAULT_POLL_MS, describeMode, pollInterval, remoteFileSystem } from "../../src/watch/mode.js";
import { expectValidFeeds } from "../support/judge.js";
import { makeTree, storyText } from "../support/tree.js";
import { until } from "../support/until.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));


interface Item { id: string; title: string }
const items = (out: string) =>
  new Map((JSON.parse(readFileSync(join(out, "feed.json"), "utf8")) as { items: Item[] }).items.map((i) => [i.id.slice(i.id.lastIndexOf("/") + 1), i]));
const ids = (out: string) => [...items(out).keys()].sort();
const story = (id: string, minute: number, fields: Record<string, string> = {}) =>
  storyText({ id, title: `"Story ${id}"`, published: new Date(Date.UTC(2026, 11, 2, 9, minute)).toISOString(), ...fields });

/** `wirefeed watch` in `root` on share/, writing to `out`; resolves once it says it is watching. */
async function startCli(out: string, extra: string[] = []) {
  const child = spawn(process.execPath, [CLI, "watch", "--stories", "share", "--out", out, ...extra], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const cli = { child, stdout: "" };
  child.stdout.on("data", (d) => (cli.stdout += d));
  child.stderr.on("data", (d) => (cli.stdout += d));
  running.push(child);
  await until(() => cli.stdout.includes("Ctrl-C stops"), 20_000, "the watcher to start");
  return cli;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once("exit", done));
  child.kill("SIGTERM");
  await exited;
}

const running: ChildProcess[] = [];
let root = "";
/** The folder another machine writes to, and the same folder as this machine sees it. */
let under = "";
let share = "";

beforeAll(() => {
  root = makeTree({}, "wirefeed-share-");
  under = join(root, "under");
  share = join(root, "share");
  mkdirSync(under);
  mkdirSync(share);
  // A shorter settle time than the default, to keep the test short (files written in place wait it).
  writeFileSync(join(root, "wirefeed.config.json"), JSON.stringify({ watch: { settle: 300 } }));
  const mounted = spawnSync("bindfs", ["--no-allow-other", under, share], { encoding: "utf8" });
  expect(mounted.error?.message ?? mounted.status, `bindfs ${under} ${share}: ${mounted.stderr} (apt-get install bindfs fuse3; .ci/run does)`).toBe(0);
});

afterAll(async () => {
  await Promise.all(running.splice(0).map(stop));
  if (share) {
    const unmounted = [["fusermount3", "-u"], ["fusermount", "-u"], ["umount"]].some(([cmd, ...args]) => spawnSync(cmd!, [...args, share]).status === 0);
    expect(unmounted, `could not unmount ${share}`).toBe(true);
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("watching a share through a real FUSE mount (bindfs)", () => {
  it("without polling, sees nothing written underneath, and says the folder is on FUSE", async () => {
    writeFileSync(join(under, "first.md"), story("first", 1));
    const out = join(root, "out-events");
    const cli = await startCli(out);
    expect(cli.stdout).toContain("watching share/ by file-system events; Ctrl-C stops");
    expect(cli.stdout).toMatch(/is on FUSE, which reports no changes made by other machines: .*watch with --poll/);
    expect(ids(out)).toEqual(["first"]);
    // Written underneath, as another machine would: no event comes through the mount. Then a
    // story written through the mount itself, which does send one: once it is in the feed, the
    // remote story would have been too had its event arrived.
    writeFileSync(join(under, "remote.md"), story("remote", 2));
    writeFileSync(join(share, "local.md"), story("local", 3));
    await until(() => ids(out).includes("local"), 10_000, "the story written through the mount");
    expect(ids(out)).toEqual(["first", "local"]); // the remote story never appeared
    await stop(cli.child);
  }, 40_000);

  it("with --poll, every story, edit, rename, new folder and removal written underneath reaches the feeds", async () => {
    for (const f of ["first.md", "remote.md", "local.md"]) rmSync(join(under, f), { force: true });
    writeFileSync(join(under, "a.md"), story("a", 1));
    const out = join(root, "out-poll");
    const cli = await startCli(out, ["--poll=200"]);
    expect(cli.stdout).toContain("watching share/ by polling every 200 ms; Ctrl-C stops");
    expect(cli.stdout).not.toContain("is on FUSE");
    expect(ids(out)).toEqual(["a"]);

    writeFileSync(join(under, "b.md"), story("b", 2));
    await until(() => ids(out).includes("b"), 10_000, "a new story");
    writeFileSync(join(under, "a.md"), story("a", 1, { title: '"Story a, edited"' }));
    await until(() => items(out).get("a")?.title === "Story a, edited", 10_000, "the edit");
    renameSync(join(under, "b.md"), join(under, "b-renamed.md"));
    await until(() => /added b-renamed\.md; removed b\.md/.test(cli.stdout), 10_000, "the rename, in one rebuild");
    expect(ids(out)).toEqual(["a", "b"]);
    // A story written elsewhere and renamed in, and a new dated folder with a story in it.
    writeFileSync(join(under, ".c.tmp"), story("c", 3));
    renameSync(join(under, ".c.tmp"), join(under, "c.md"));
    mkdirSync(join(under, "2026/12/02"), { recursive: true });
    writeFileSync(join(under, "2026/12/02/d.md"), story("d", 4));
    await until(() => ids(out).join() === "a,b,c,d", 10_000, "the renamed-in story and the story in a new folder");
    unlinkSync(join(under, "a.md"));
    await until(() => !ids(out).includes("a"), 10_000, "the removal");
    rmSync(join(under, "2026"), { recursive: true });
    await until(() => ids(out).join() === "b,c", 10_000, "the removed folder's story gone");
    expectValidFeeds(out);
    await stop(cli.child);
    expect(existsSync(join(out, "feed.json"))).toBe(true);
  }, 60_000);
});

describe("polling a local folder", () => {
  it("keeps the feeds when the stories folder is deleted, and picks it up again when it returns", async () => {
    const dir = makeTree({ "stories/a.md": story("a", 1), "stories/b.md": story("b", 2) }, "wirefeed-poll-");
    const stories = join(dir, "stories");
    const out = join(dir, "output");
    const r = validateConfig({ siteUrl: "https://wire.example.org/", watch: { poll: 100, settle: 200 } });
    if (!r.ok) throw new Error(r.problems.join("; "));
    const lines: string[] = [];
    const w = await watch({ config: r.config, stories, out, log: (l) => lines.push(l) });
    try {
      expect(w.poll).toBe(100);
      rmSync(stories, { recursive: true });
      await until(() => lines.some((l) => l.includes("is gone")), 10_000, "the folder reported gone");
      expect(ids(out)).toEqual(["a", "b"]);
      mkdirSync(stories);
      writeFileSync(join(stories, "c.md"), story("c", 3));
      await until(() => ids(out).join() === "c", 10_000, "the feeds reconciled with the folder back");
      writeFileSync(join(stories, "d.md"), story("d", 4));
      await until(() => ids(out).includes("d"), 10_000, "d: polling again");
    } finally {
      await w.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});

describe("watch modes, without a file system", () => {
  it("names the file systems that lack remote events, on Linux only", () => {
    expect(remoteFileSystem(0x65735546, "linux")).toBe("FUSE");
    expect(remoteFileSystem(0x6969, "linux")).toBe("NFS");
    expect(remoteFileSystem(0xff534d42, "linux")).toBe("CIFS/SMB");
    expect(remoteFileSystem(0xef53, "linux")).toBeUndefined(); // ext4
    expect(remoteFileSystem(0x01021994, "linux")).toBeUndefined(); // tmpfs
    expect(remoteFileSystem(0x6969, "darwin")).toBeUndefined();
  });
  it("reads watch.poll as an interval, and says which mode runs", () => {
    expect(pollInterval(false)).toBeUndefined();
    expect(pollInterval(undefined)).toBeUndefined();
    expect(pollInterval(true)).toBe(DEFAULT_POLL_MS);
    expect(pollInterval(250)).toBe(250);
    expect(describeMode(undefined)).toBe("by file-system events");
    expect(describeMode(250)).toBe("by polling every 250 ms");
  });
  it("validates watch.poll and watch.settle in the config", () => {
    const ok = validateConfig({ watch: { poll: 500, settle: 200 } });
    expect(ok.ok && ok.config.watch).toEqual({ poll: 500, settle: 200 });
    const defaults = validateConfig({});
    expect(defaults.ok && defaults.config.watch.poll).toBe(false);
    const bad = validateConfig({ watch: { poll: 5, setle: 1 } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.join("\n")).toMatch(/watch\.poll/);
    expect(!bad.ok && bad.problems.join("\n")).toMatch(/setle/);
  });
  it("refuses a --poll that is not a number of milliseconds, with exit 2", () => {
    const r = spawnSync(process.execPath, [CLI, "watch", "--poll=soon", "--stories", root], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--poll: "soon" is not a number of milliseconds');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
