import { createHash } from "node:crypto";
import { appendFileSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import { carryLine, loadCache, saveCache } from "../../src/state/cache.js";
import { recordKey } from "../../src/build/pipeline.js";
import { RECORD_FILE, type Head } from "../../src/state/record.js";
import type { Entry } from "../../src/state/entry.js";
import type { Release } from "../../src/desk/versions.js";
import type { Story } from "../../src/model/story.js";
import type { Config } from "../../src/config/config.js";
import { age, makeTree, storyText } from "../support/tree.js";
import { testConfig } from "../support/config.js";

const NOW = new Date("2026-11-24T12:00:00Z");

function config(extra: Record<string, unknown> = {}): Config {
  return testConfig({ siteUrl: "https://wire.example.org/", publisher: "Example Desk", items: 3, ...extra });
}

/** Feed files of a folder, by name. */
function feeds(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => !f.split("/").some((p) => p.startsWith(".")) && /\.(xml|json)$/.test(f)).sort()
    .map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

function tree() {
  const root = makeTree({
    "stories/a.md": storyText({ title: '"Alpha"', published: "2026-11-20T09:00:00Z" }),
    "stories/b.md": storyText({ title: '"Bravo"', published: "2026-11-21T09:00:00Z" }),
    "stories/c.md": storyText({ title: '"Charlie"', published: "2026-11-22T09:00:00Z" }),
    "stories/d.txt": "Delta headline\n\n(GENEVA) — Delta body.\n\nCopyright © 2026, Lakeside Bulletin. All rights reserved.\n",
  });
  for (const f of readdirSync(join(root, "stories"))) age(join(root, "stories", f));
  return root;
}

/** Builds warm (with the cache in `out`) and cold (fresh folder, no cache), and compares. */
async function expectSameAsCold(root: string) {
  const stories = join(root, "stories");
  const coldOut = join(root, "cold");
  const warm = await build({ config: config(), stories, out: join(root, "out"), now: NOW });
  const cold = await build({ config: config(), stories, out: coldOut, now: NOW, cache: false });
  expect(feeds(join(root, "out"))).toEqual(feeds(coldOut));
  expect(warm.diagnostics).toEqual(cold.diagnostics);
  rmSync(coldOut, { recursive: true });
  return warm;
}

describe("build cache", () => {
  it("reuses every unchanged story on a warm build, with the same outputs as a cold one", async () => {
    const root = tree();
    const first = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    expect(first.cached).toBe(0);
    const warm = await expectSameAsCold(root);
    expect(warm.cached).toBe(4);
    expect(warm.written).toEqual([]);
  });

  it("sees an edited file, even one rewritten within the clock's resolution with its size and time kept", async () => {
    const root = tree();
    const path = join(root, "stories/b.md");
    // Modified just before the build: too recent for size and time to be trusted.
    const t = Date.now() / 1000 - 0.5;
    utimesSync(path, t, t);
    await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    writeFileSync(path, readFileSync(path, "utf8").replace("Bravo", "Brave"));
    utimesSync(path, t, t);
    const warm = await expectSameAsCold(root);
    expect(JSON.stringify(feeds(join(root, "out")))).toContain("Brave");
    expect(warm.cached).toBeLessThan(4);
  });

  it("reuses a touched but unchanged Markdown file, and re-dates touched raw text", async () => {
    const root = tree();
    await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    age(join(root, "stories/a.md"), 60);
    age(join(root, "stories/d.txt"), 60);
    await expectSameAsCold(root);
  });

  it("drops a deleted file and follows a renamed or replaced one", async () => {
    const root = tree();
    await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    rmSync(join(root, "stories/a.md"));
    renameSync(join(root, "stories/b.md"), join(root, "stories/bravo-renamed.md"));
    writeFileSync(join(root, "stories/c.md"), storyText({ title: '"Replaced"', published: "2026-11-23T09:00:00Z" }));
    const warm = await expectSameAsCold(root);
    const all = JSON.stringify(feeds(join(root, "out")));
    expect(all).not.toContain("Alpha");
    expect(all).toContain("bravo-renamed");
    expect(all).toContain("Replaced");
    expect(warm.read).toBe(3);
  });

  it("discards a cache from another version or config, a truncated one and an altered one", async () => {
    const root = tree();
    const cachePath = join(root, "out", RECORD_FILE);
    await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    // Another config: every story is parsed again.
    const other = await build({ config: config({ publisher: "Other Desk" }), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    expect(other.cached).toBe(0);
    truncateSync(cachePath, Math.floor(readFileSync(cachePath).length / 2));
    expect((await expectSameAsCold(root)).cached).toBe(0);
    // Cut at a line's end: whole lines, its checksum gone.
    const whole = readFileSync(cachePath);
    truncateSync(cachePath, whole.lastIndexOf(0x0a, whole.length - 2) + 1);
    expect((await expectSameAsCold(root)).cached).toBe(0);
    // A line of entries left out, the checksum made again for what is left: counts no longer match.
    const lines = readFileSync(cachePath, "utf8").split("\n");
    const kept = [...lines.slice(0, 1), ...lines.slice(2, -2)].map((l) => `${l}\n`).join("");
    writeFileSync(cachePath, `${kept}${JSON.stringify({ checksum: createHash("sha1").update(kept).digest("base64url") })}\n`);
    expect((await expectSameAsCold(root)).cached).toBe(0);
    // Altered: a cached title changed without its checksum.
    writeFileSync(cachePath, readFileSync(cachePath, "utf8").replace("Charlie", "Mallory"));
    const altered = await expectSameAsCold(root);
    expect(altered.cached).toBe(0);
    expect(JSON.stringify(feeds(join(root, "out")))).not.toContain("Mallory");
    writeFileSync(cachePath, "not json at all");
    expect((await expectSameAsCold(root)).cached).toBe(0);
  });

  it("renders a feed again when its output file was edited or deleted by hand", async () => {
    const root = tree();
    await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    rmSync(join(root, "out/atom.xml"));
    appendFileSync(join(root, "out/rss.xml"), "<!-- edited -->");
    const warm = await expectSameAsCold(root);
    expect(warm.written.sort()).toEqual(["atom.xml", "rss.xml"]);
  });
});

describe("an entry's line written back", () => {
  it("is kept for a file touched but unchanged, not for one whose entry changed otherwise, and gives the bytes serializing gives", async () => {
    const root = tree();
    const options = { config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW };
    await build(options);
    const read = loadCache(options.out, recordKey(options), { keepLines: true });
    const known = read.entries.get("a.md")!;
    const touched: Entry = { ...known, mtimeMs: known.mtimeMs + 1000 };
    carryLine(read.lines, known, touched);
    expect(read.lines!.index.get(touched)).toBe(read.lines!.index.get(known));
    const b = read.entries.get("b.md")!;
    const edited: Entry = { ...b, mtimeMs: b.mtimeMs + 1000, story: { ...b.story!, title: "Bravo, edited" } };
    carryLine(read.lines, b, edited);
    expect(read.lines!.index.get(edited)).toBeUndefined();
    const entries = new Map([...read.entries].map(([file, e]) => [file, file === "a.md" ? touched : file === "b.md" ? edited : e]));
    const head = { ...read.head!, files: [...entries.values()].map((e): Head["files"][number] => [e.file, e.size, e.mtimeMs, e.hash]) };
    const [reused, fresh] = [makeTree({}), makeTree({})];
    await saveCache(reused, head, { ...read, entries, lines: read.lines });
    await saveCache(fresh, head, { ...read, entries, lines: undefined });
    expect(readFileSync(join(reused, RECORD_FILE), "utf8")).toBe(readFileSync(join(fresh, RECORD_FILE), "utf8"));
    expect(loadCache(reused, recordKey(options)).entries).toEqual(entries);
  });
});

describe("cache format", () => {
  it("gives back every field of every entry and release as saved, optional ones included", async () => {
    const out = makeTree({});
    const story = (id: string, extra: Record<string, unknown> = {}): Story => ({
      id, file: `${id}.md`, title: `Title ${id} “quoted”`, published: new Date("2026-11-20T09:00:00.123Z"), byline: ["A B", "C D"],
      credit: "Northwind Wire", copyright: "Copyright © 2026 Northwind Wire.", summary: "", contentHtml: "", bodyHash: `h-${id}`,
      categories: ["World", "Sport"], link: `https://wire.example.org/stories/${id}`, status: "usable", version: 2, ...extra,
    } as Story);
    const full = story("full", {
      updated: new Date("2026-11-21T10:00:00Z"), usageTerms: "Not for resale", dateline: "GENEVA", language: "de",
      embargo: new Date("2026-11-22T06:00:00Z"), correction: "An earlier version misspelled a name.",
    });
    const entries = new Map<string, Entry>([
      ["full.md", { file: "full.md", size: 10, mtimeMs: 1.5, hash: "x", story: full, diagnostics: [{ file: "full.md", line: 3, column: 2, severity: "warning", rule: "r", message: "m" }] }],
      ["plain.md", { file: "plain.md", size: 11, mtimeMs: 2.25, hash: "y", story: story("plain"), diagnostics: [] }],
      ["bad.md", { file: "bad.md", size: 12, mtimeMs: 3, hash: "z", diagnostics: [{ file: "elsewhere.md", line: 1, column: 1, severity: "error", rule: "e", message: "n" }] }],
    ]);
    const kept = story("kept", { version: 5 });
    const released = new Map<string, Release>([["kept", { version: 5, story: kept, body: { contentHtml: "<p>x</p>", summary: "x" } }], ["full", { version: 2, story: full }]]);
    const head: Omit<Head, "released"> = {
      key: "k", writtenAt: 42, files: [...entries.values()].map((e) => [e.file, e.size, e.mtimeMs]), outputs: [["rss.xml", 1, 2]],
      owned: {}, listing: "[]", from: null, until: null,
    };
    await saveCache(out, head, { entries, fingerprints: new Map([["", "f"]]), released });
    const back = loadCache(out, "k");
    expect(back.entries).toEqual(entries);
    expect(back.released).toEqual(released);
    expect(back.fingerprints).toEqual(new Map([["", "f"]]));
    expect(back.head).toEqual({ ...head, released: 2 });
    expect(back.outputs).toEqual([["rss.xml", 1, 2]]);
    expect(back.writtenAt).toBe(42);
    // Under another key, nothing.
    expect(loadCache(out, "other").entries.size).toBe(0);
    // The same shape as a story made fresh: the fingerprint key of a loaded story is the same.
    expect(JSON.stringify(back.entries.get("full.md")!.story)).toBe(JSON.stringify(full));

    // Saved again with the lines as read, an entry still there is written back as its line, one
    // made since afresh: the same bytes as serializing every entry, under a checksum that holds.
    const read = loadCache(out, "k", { keepLines: true });
    const edited: Entry = { file: "plain.md", size: 13, mtimeMs: 4, hash: "y2", story: story("plain", { title: "Edited" }), diagnostics: [] };
    const next = new Map([...read.entries].map(([file, e]) => [file, file === "plain.md" ? edited : e]));
    const nextHead = { ...head, files: [...next.values()].map((e): Head["files"][number] => [e.file, e.size, e.mtimeMs]) };
    const reused = makeTree({});
    const fresh = makeTree({});
    await saveCache(reused, nextHead, { entries: next, fingerprints: read.fingerprints, released: read.released, lines: read.lines });
    await saveCache(fresh, nextHead, { entries: next, fingerprints: read.fingerprints, released: read.released });
    expect(readFileSync(join(reused, RECORD_FILE), "utf8")).toBe(readFileSync(join(fresh, RECORD_FILE), "utf8"));
    // In another order (files renamed), runs of lines as read are cut where the order moves.
    const reversed = new Map([...read.entries].reverse());
    const reversedHead = { ...head, files: [...reversed.values()].map((e): Head["files"][number] => [e.file, e.size, e.mtimeMs]) };
    await saveCache(reused, reversedHead, { entries: reversed, fingerprints: read.fingerprints, released: read.released, lines: read.lines });
    await saveCache(fresh, reversedHead, { entries: reversed, fingerprints: read.fingerprints, released: read.released });
    expect(readFileSync(join(reused, RECORD_FILE), "utf8")).toBe(readFileSync(join(fresh, RECORD_FILE), "utf8"));
    expect(loadCache(reused, "k").entries).toEqual(reversed);
    await saveCache(reused, nextHead, { entries: next, fingerprints: read.fingerprints, released: read.released, lines: read.lines });
    const again = loadCache(reused, "k");
    expect(again.entries.get("plain.md")).toEqual(edited);
    expect(again.entries.get("full.md")).toEqual(entries.get("full.md"));
    // Only a cache asked for them holds the lines.
    expect(back.lines).toBeUndefined();
  });
});
