import { mkdtemp, readdir, readFile, stat, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeAtomic } from "../src/write.js";

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
