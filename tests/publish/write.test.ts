import { mkdtemp, readdir, readFile, stat, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { crashedWriters, markWriting, tidyAfterCrash, writeAtomic } from "../../src/publish/write.js";

describe("writeAtomic", () => {
  it("writes new bytes and leaves no temporary file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wf-write-"));
    expect(await writeAtomic(join(dir, "sub", "a.xml"), "<a/>")).toBe(true);
    expect(await readFile(join(dir, "sub", "a.xml"), "utf8")).toBe("<a/>");
    expect(await readdir(join(dir, "sub"))).toEqual(["a.xml"]);
  });
  it("does not rewrite a file whose bytes are unchanged", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wf-write-"));
    const path = join(dir, "a.xml");
    await writeAtomic(path, "same");
    const before = (await stat(path)).ino;
    expect(await writeAtomic(path, "same")).toBe(false);
    expect(await writeAtomic(path, "new")).toBe(true);
    expect((await stat(path)).ino).not.toBe(before);
  });
  it("cleans up its temporary file when the rename fails", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wf-write-"));
    await mkdir(join(dir, "taken"));
    await writeFile(join(dir, "taken", "x"), "");
    await expect(writeAtomic(join(dir, "taken"), "bytes")).rejects.toThrow();
    expect(await readdir(dir)).toEqual(["taken"]);
  });
});

describe("writeAtomic with lines", () => {
  it("writes lines joined with newlines, as UTF-8, and makes a missing folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wirefeed-lines-"));
    const path = join(dir, "a/b/feed.xml");
    expect(await writeAtomic(path, ["<rss>", "  “é” ©", "</rss>", ""])).toBe(true);
    expect(await readFile(path, "utf8")).toBe("<rss>\n  “é” ©\n</rss>\n");
    expect(await writeAtomic(path, "<rss>\n  “é” ©\n</rss>\n")).toBe(false); // same bytes, as text
  });
});

describe("a writer's mark, and tidying after one killed mid-write", () => {
  /** The pid of a process that has ended. */
  const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;
  const temp = (name: string, pid: number) => `.${name}.${pid}.0123abcd.tmp`;

  it("marks the folder while writing, once for nested writers, and unmarks when the last is done", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wf-mark-"));
    const first = markWriting(join(dir, "out"));
    const second = markWriting(join(dir, "out"));
    expect(await readdir(join(dir, "out"))).toEqual([`.wirefeed-writing.${process.pid}`]);
    first();
    first(); // a second call changes nothing
    expect(await readdir(join(dir, "out"))).toEqual([`.wirefeed-writing.${process.pid}`]);
    second();
    expect(await readdir(join(dir, "out"))).toEqual([]);
    expect(crashedWriters(join(dir, "out"))).toEqual([]);
  });

  it("removes a dead writer's temporary files anywhere below, and its mark; leaves a live writer's", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wf-mark-"));
    const dead = deadPid();
    await mkdir(join(dir, "archive/3"), { recursive: true });
    await writeFile(join(dir, `.wirefeed-writing.${dead}`), "");
    await writeFile(join(dir, "archive/3", temp("rss.xml", dead)), "half");
    await writeFile(join(dir, "archive/3", temp("atom.xml", process.pid)), "being written");
    await writeFile(join(dir, "archive/3", "rss.xml"), "<rss/>");
    expect(crashedWriters(dir)).toEqual([`.wirefeed-writing.${dead}`]);
    expect(tidyAfterCrash(dir)).toEqual([join("archive/3", temp("rss.xml", dead))]);
    expect((await readdir(join(dir, "archive/3"))).sort()).toEqual([temp("atom.xml", process.pid), "rss.xml"].sort());
    expect(await readdir(dir)).toEqual(["archive"]);
  });

  it("does not walk the folder when no writer died: a stray temporary file without a dead mark stays", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wf-mark-"));
    const dead = deadPid();
    await mkdir(join(dir, "archive/1"), { recursive: true });
    await writeFile(join(dir, "archive/1", temp("rss.xml", dead)), "half");
    await writeFile(join(dir, `.wirefeed-writing.${process.pid}`), ""); // a live writer: this process
    expect(tidyAfterCrash(dir)).toEqual([]);
    expect(await readdir(join(dir, "archive/1"))).toEqual([temp("rss.xml", dead)]);
  });
});
