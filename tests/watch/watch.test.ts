import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, writeSync, closeSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config.js";
import { Catalog } from "../../src/state/catalog.js";
import { entryFromBytes } from "../../src/state/entry.js";
import { watch, type RebuildReport, type Watcher } from "../../src/watch/watcher.js";
import { ignoredPath } from "../../src/watch/adapter.js";
import { applyChanges, reconcile, type Loaded } from "../../src/watch/apply.js";
import { describeRebuild } from "../../src/watch/report.js";
import { expectValidFeeds } from "../support/judge.js";
import { makeTree, storyText } from "../support/tree.js";
import { until } from "../support/until.js";
import { testConfig } from "../support/config.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

function config(extra: Record<string, unknown> = {}): Config {
  return testConfig({ siteUrl: "https://wire.example.org/", ...extra });
}


interface Item { id: string; title: string; content_html?: string }
/** The items of feed.json by story id (the last segment of the item id). */
function items(out: string): Map<string, Item> {
  const json = JSON.parse(readFileSync(join(out, "feed.json"), "utf8")) as { items: Item[] };
  return new Map(json.items.map((i) => [i.id.slice(i.id.lastIndexOf("/") + 1), i]));
}
const ids = (out: string) => [...items(out).keys()].sort();

/** A story with an explicit id and a distinct publication minute, so the feed order is known. */
function story(id: string, minute = 0, fields: Record<string, string> = {}, body?: string): string {
  const published = new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString();
  return storyText({ id, title: `"Story ${id}"`, published, ...fields }, body);
}

interface Harness {
  root: string;
  stories: string;
  out: string;
  w: Watcher;
  lines: string[];
  reports: RebuildReport[];
  /** feed.json's items after every rebuild: every state the feed has been in. */
  states: Map<string, Item>[];
}

const open: Watcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function start(files: Record<string, string>, extra: Record<string, unknown> = {}, outName = "output"): Promise<Harness> {
  const root = makeTree(Object.fromEntries(Object.entries(files).map(([k, v]) => [`stories/${k}`, v])), "wirefeed-watch-");
  const stories = join(root, "stories");
  mkdirSync(stories, { recursive: true });
  const out = join(root, outName);
  const h = { root, stories, out, lines: [] as string[], reports: [] as RebuildReport[], states: [] as Map<string, Item>[] } as Harness;
  h.w = await watch({
    config: config(extra), stories, out,
    log: (line) => h.lines.push(line),
    onRebuild: (r) => {
      h.reports.push(r);
      if (existsSync(join(out, "feed.json"))) h.states.push(items(out));
    },
  });
  open.push(h.w);
  return h;
}

describe("the rebuild logic, without a file system", () => {
  const cfg = config();
  const entry = (file: string, text: string, mtimeMs = 1_000) => entryFromBytes(file, Buffer.from(text), mtimeMs, cfg);
  const catalogOf = (...entries: ReturnType<typeof entry>[]) => {
    const c = new Catalog(cfg, "/nowhere");
    for (const e of entries) c.set(e);
    return c;
  };
  const loader = (files: Record<string, Loaded>) => async (file: string) => files[file] ?? "gone";

  it("applies a rename (unlink + add, same id) in one step: the story is there before and after", async () => {
    const c = catalogOf(entry("a.md", story("x", 1)));
    const e = await applyChanges(c, new Map([["a.md", "unlink"], ["b.md", "add"]] as const), loader({ "b.md": entry("b.md", story("x", 1)) }));
    expect(e).toMatchObject({ added: ["b.md"], removed: ["a.md"], kept: [], failed: [] });
    expect(c.resolve().stories.map((s) => s.id)).toEqual(["x"]);
    expect(c.resolve().diagnostics).toEqual([]);
  });
  it("keeps the last good version of a story that breaks, reports it, and clears it when fixed", async () => {
    const good = entry("a.md", story("a", 1, { title: '"Good"' }));
    const c = catalogOf(good);
    const broken = entry("a.md", story("a", 1, { copyright: "" }), 2_000);
    expect(broken.story).toBeUndefined();
    const e1 = await applyChanges(c, new Map([["a.md", "change"]] as const), loader({ "a.md": broken }));
    expect(e1).toMatchObject({ changed: ["a.md"], kept: ["a.md"] });
    expect(c.resolve().stories[0]?.title).toBe("Good");
    expect(c.resolve().diagnostics.map((d) => d.rule)).toContain("missing-copyright");
    expect(c.get("a.md")?.hash).toBe(good.hash); // its rendered body is still found under this hash
    const e2 = await applyChanges(c, new Map([["a.md", "change"]] as const), loader({ "a.md": entry("a.md", story("a", 1, { title: '"Fixed"' }), 3_000) }));
    expect(e2).toMatchObject({ changed: ["a.md"], fixed: ["a.md"], kept: [] });
    expect(c.resolve().stories[0]?.title).toBe("Fixed");
    expect(c.resolve().diagnostics).toEqual([]);
  });
  it("keeps nothing for a new file that fails, and drops a broken file's story when the file goes", async () => {
    const c = catalogOf(entry("a.md", story("a", 1)));
    const e = await applyChanges(c, new Map([["new.md", "add"]] as const), loader({ "new.md": entry("new.md", "---\ntitle: half") }));
    expect(e).toMatchObject({ added: ["new.md"], failed: ["new.md"] });
    await applyChanges(c, new Map([["a.md", "change"]] as const), loader({ "a.md": entry("a.md", "---\nbroken") }));
    await applyChanges(c, new Map([["a.md", "unlink"]] as const), loader({}));
    expect(c.get("a.md")).toBeUndefined();
    expect(c.resolve().stories).toEqual([]);
  });
  it("does nothing for unchanged bytes or a vanished file it never had", async () => {
    const a = entry("a.md", story("a", 1));
    const c = catalogOf(a);
    const e = await applyChanges(c, new Map([["a.md", "change"], ["ghost.md", "add"]] as const), loader({ "a.md": "same" }));
    expect(e).toMatchObject({ added: [], changed: [], removed: [] });
  });
  it("reconciles a fresh listing: new files added, known re-read, missing dropped", () => {
    const c = catalogOf(entry("a.md", story("a", 1)), entry("b.md", story("b", 2)));
    expect(Object.fromEntries(reconcile(c, ["b.md", "c.md"]))).toEqual({ "b.md": "change", "c.md": "add", "a.md": "unlink" });
  });
  it("ignores dotfiles, editor temporaries, non-stories and the output folder, never the root", () => {
    const file = { isFile: () => true } as import("node:fs").Stats;
    const root = "/s", out = "/s/output";
    for (const p of ["/s/.a.md", "/s/a.md.swp", "/s/a.md~", "/s/.#a.md", "/s/4913", "/s/output", "/s/output/feed.json", "/s/.git"]) expect(ignoredPath(root, out, p), p).toBe(true);
    expect(ignoredPath(root, out, "/s/notes.docx", file)).toBe(true);
    for (const p of ["/s", "/s/a.md", "/s/desk", "/s/desk/b.txt", "/s/outputs/a.md"]) expect(ignoredPath(root, out, p), p).toBe(false);
    // Every story format is a story file, the agencies' too (README: "Story files only").
    for (const p of ["/s/a.md", "/s/a.markdown", "/s/b.txt", "/s/ninjs.json", "/s/g2.xml"]) expect(ignoredPath(root, out, p, file), p).toBe(false);
  });
  it("describes a rebuild in one line", () => {
    const at = new Date(2026, 10, 24, 14, 2, 7);
    const line = describeRebuild({
      at, trigger: "files", added: ["a.md"], changed: ["b.md", "c.md"], removed: [], kept: ["c.md"], failed: [], fixed: [],
      written: ["rss.xml", "atom.xml", "feed.json"], unchanged: [], files: 3, published: 2, diagnostics: [], ms: 17.6,
      nextWake: new Date("2026-11-25T06:00:00Z"),
    });
    expect(line).toBe("14:02:07  added a.md; changed b.md; broken, last good version kept: c.md — 3 files written, 2 stories published, in 18 ms; next wake-up at 2026-11-25T06:00:00.000Z");
    const many = Array.from({ length: 500 }, (_, i) => `s${i}.md`);
    expect(describeRebuild({ at, trigger: "files", added: many, changed: [], removed: [], kept: [], failed: [], fixed: [], written: [], unchanged: [], files: 500, published: 50, diagnostics: [], ms: 3 }))
      .toBe("14:02:07  added 500 files (s0.md, s1.md, s2.md, …) — no file written, 50 stories published, in 3 ms");
  });
});

describe("watch: incremental rebuilds on real folders", () => {
  it("builds once at start, then publishes an added story", async () => {
    const h = await start({ "a.md": story("a", 1) });
    expect(ids(h.out)).toEqual(["a"]);
    expect(h.reports[0]!.trigger).toBe("start");
    expect(h.lines[0]).toMatch(/^\d\d:\d\d:\d\d {2}built 1 story file — \d+ files written, 1 story published, in \d+ ms$/);
    writeFileSync(join(h.stories, "b.md"), story("b", 2));
    await until(() => ids(h.out).includes("b"), 5000, "b in the feed");
    expect(h.reports.at(-1)!.added).toEqual(["b.md"]);
    expect(h.lines.at(-1)).toMatch(/ {2}added b\.md — \d+ files? written, 2 stories published, in \d+ ms$/);
    expectValidFeeds(h.out);
  });

  it("re-reads a changed story and drops an unlinked one", async () => {
    const h = await start({ "a.md": story("a", 1), "b.md": story("b", 2), "sub/c.md": story("c", 3) });
    writeFileSync(join(h.stories, "a.md"), story("a", 1, { title: '"Story a, updated"' }));
    await until(() => items(h.out).get("a")?.title === "Story a, updated", 5000, "a's new title");
    unlinkSync(join(h.stories, "sub/c.md"));
    await until(() => !ids(h.out).includes("c"), 5000, "c gone");
    expect(ids(h.out)).toEqual(["a", "b"]);
    expect(h.reports.some((r) => r.removed.includes("sub/c.md"))).toBe(true);
    expect(h.w.catalog.size).toBe(2);
    expectValidFeeds(h.out);
  });

  it("applies a rename in one rebuild: the story never disappears nor appears twice", async () => {
    // A thousand older stories in the folder: a watcher that lists the folder again on each event
    // (as chokidar's own file events do) reports the new name only after listing them.
    const crowd = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`o${i}.md`, story(`o${i}`, 0)]));
    const h = await start({ ...crowd, "a.md": story("kept-id", 1), "b.md": story("b", 2) }, { items: 2 });
    const before = h.reports.length;
    renameSync(join(h.stories, "a.md"), join(h.stories, "renamed.md"));
    await until(() => h.reports.some((r) => r.added.includes("renamed.md")), 5000, "the rename");
    const after = h.reports.slice(before);
    const rename = after.find((r) => r.added.includes("renamed.md"))!;
    expect(rename.removed).toEqual(["a.md"]);
    for (const state of h.states) expect([...state.keys()].sort()).toEqual(["b", "kept-id"]);
    expect(h.lines.join("\n")).not.toContain("duplicate-id");
    expect(h.w.catalog.get("a.md")).toBeUndefined();
    expect(h.w.catalog.get("renamed.md")?.story?.id).toBe("kept-id");
  });

  it("follows folders: moved in with their stories, renamed inside, moved out", async () => {
    const h = await start({ "a.md": story("a", 1) });
    mkdirSync(join(h.root, "elsewhere/desk"), { recursive: true });
    for (const id of ["d1", "d2", "d3"]) writeFileSync(join(h.root, `elsewhere/desk/${id}.md`), story(id, 10));
    renameSync(join(h.root, "elsewhere/desk"), join(h.stories, "desk"));
    await until(() => ids(h.out).join() === "a,d1,d2,d3", 5000, "the desk's stories");
    const before = h.states.length;
    renameSync(join(h.stories, "desk"), join(h.stories, "world"));
    await until(() => h.w.catalog.get("world/d1.md") && !h.w.catalog.get("desk/d1.md"), 5000, "the folder renamed");
    await h.w.idle();
    for (const state of h.states.slice(before)) expect([...state.keys()].sort().join()).toBe("a,d1,d2,d3");
    renameSync(join(h.stories, "world"), join(h.root, "elsewhere/world"));
    await until(() => ids(h.out).join() === "a", 5000, "the folder's stories gone");
    expect(h.w.catalog.size).toBe(1);
    expectValidFeeds(h.out);
  });

  it("follows folders made one level at a time, stories written inside them later, and a tree removed whole", async () => {
    const h = await start({ "a.md": story("a", 1), "old/o1.md": story("o1", 2) });
    // A desk's tool making a dated folder, a level at a time, pausing between (part of the
    // scenario: each new folder is listed once, when it appears, so the story must come later).
    const pause = () => new Promise((r) => setTimeout(r, 150));
    for (const folder of ["2026", "2026/11", "2026/11/25"]) {
      mkdirSync(join(h.stories, folder));
      await pause();
    }
    writeFileSync(join(h.stories, "2026/11/25/deep.md"), story("deep", 20));
    await until(() => ids(h.out).includes("deep"), 5000, "a story three new folders down");
    await pause();
    writeFileSync(join(h.stories, "2026/11/25/deep.md"), story("deep", 20, { title: '"Deep, edited"' }));
    await until(() => items(h.out).get("deep")?.title === "Deep, edited", 5000, "the edit three folders down");
    // Renamed, then written to under its new name: the old name's watching must not report it.
    renameSync(join(h.stories, "old"), join(h.stories, "new"));
    await until(() => h.w.catalog.get("new/o1.md") !== undefined, 5000, "the renamed folder");
    writeFileSync(join(h.stories, "new/o2.md"), story("o2", 3));
    await until(() => h.w.catalog.get("new/o2.md") !== undefined, 5000, "a story in the renamed folder");
    await h.w.idle();
    expect([...h.w.catalog.all()].map((e) => e.file).filter((f) => f.startsWith("old/"))).toEqual([]);
    rmSync(join(h.stories, "2026"), { recursive: true });
    await until(() => !ids(h.out).includes("deep"), 5000, "the removed tree's story gone");
    expect(ids(h.out)).toEqual(["a", "o1", "o2"]);
    expectValidFeeds(h.out);
  });

  it("tidies what a writer killed mid-write left in the output folder, marks it while watching, and unmarks it when closed", async () => {
    const root = makeTree({ "stories/a.md": story("a", 1) }, "wirefeed-watch-");
    const out = join(root, "output");
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const orphan = join(out, `.rss.xml.${dead}.0123abcd.tmp`);
    mkdirSync(out);
    writeFileSync(orphan, "<rss><chan");
    writeFileSync(join(out, `.wirefeed-writing.${dead}`), "");
    const w = await watch({ config: config(), stories: join(root, "stories"), out, log: () => {} });
    open.push(w);
    const marks = () => readdirSync(out).filter((f) => f.startsWith(".wirefeed-writing."));
    expect(marks()).toEqual([`.wirefeed-writing.${process.pid}`]);
    expect(existsSync(orphan)).toBe(false);
    await w.close();
    expect(marks()).toEqual([]);
  });

  it("publishes a story written in two halves 300 ms apart once, whole", async () => {
    const h = await start({ "a.md": story("a", 1) });
    const whole = story("halves", 5, {}, "GENEVA — The first paragraph.\n\nThe second paragraph, written later.\n");
    const fd = openSync(join(h.stories, "halves.md"), "w");
    writeSync(fd, whole.slice(0, whole.length >> 1));
    await new Promise((r) => setTimeout(r, 300)); // the writer's pause: part of the scenario, not a wait for an outcome
    writeSync(fd, whole.slice(whole.length >> 1));
    closeSync(fd);
    await until(() => ids(h.out).includes("halves"), 5000, "the whole story");
    // Every state the feed was in: the story absent, or whole.
    const seen = h.states.map((s) => s.get("halves")).filter((i) => i !== undefined);
    expect(seen.length).toBeGreaterThan(0);
    for (const item of seen) expect(item.content_html).toContain("The second paragraph, written later.");
    const present = h.states.map((s) => s.has("halves"));
    expect(present.filter((p, i) => p && !present[i - 1]).length).toBe(1); // published once
    expectValidFeeds(h.out);
  });

  it("publishes a story written in place in five chunks 300 ms apart once, whole, though its first chunk is a valid story", async () => {
    const h = await start({ "a.md": story("a", 1) });
    const paragraphs = ["GENEVA — The first paragraph, with the front matter.", "The second.", "The third.", "The fourth.", "The fifth and last."];
    const chunks = paragraphs.map((p, i) => (i === 0 ? story("slow", 5, {}, `${p}\n`) : `\n${p}\n`));
    // The first chunk alone is a complete, valid story: only waiting tells it from the whole.
    expect(entryFromBytes("slow.md", Buffer.from(chunks[0]!), 1, config()).story?.id).toBe("slow");
    const fd = openSync(join(h.stories, "slow.md"), "w");
    for (const [i, chunk] of chunks.entries()) {
      if (i > 0) await new Promise((r) => setTimeout(r, 300)); // the writer's pause: part of the scenario
      writeSync(fd, chunk);
    }
    closeSync(fd);
    await until(() => ids(h.out).includes("slow"), 10_000, "the slow story");
    await h.w.idle();
    // Every state the feed was in: the story absent, or whole; one version of it, published once.
    const versions = new Set(h.states.map((s) => s.get("slow")?.content_html).filter((c) => c !== undefined));
    expect([...versions].length).toBe(1);
    for (const p of paragraphs) expect([...versions][0]).toContain(p);
    const present = h.states.map((s) => s.has("slow"));
    expect(present.filter((p, i) => p && !present[i - 1]).length).toBe(1);
    expect(h.reports.filter((r) => r.added.includes("slow.md") || r.changed.includes("slow.md")).length).toBe(1);
  });

  it("reads a story renamed in whole at once, while one written in place waits its settle time", async () => {
    const h = await start({ "a.md": story("a", 1) }, { watch: { settle: 60_000 } });
    writeFileSync(join(h.stories, "in-place.md"), story("in-place", 2));
    writeFileSync(join(h.stories, ".renamed.md.tmp"), story("renamed", 3));
    renameSync(join(h.stories, ".renamed.md.tmp"), join(h.stories, "renamed.md"));
    await until(() => ids(h.out).includes("renamed"), 10_000, "the renamed-in story");
    // The file written in place is still within its minute of settling: not read yet.
    expect(ids(h.out)).toEqual(["a", "renamed"]);
    expect(h.w.catalog.get("in-place.md")).toBeUndefined();
    // An existing story replaced by a rename (an editor's atomic save) is read at once too.
    writeFileSync(join(h.stories, ".a.md.tmp"), story("a", 1, { title: '"Story a, saved"' }));
    renameSync(join(h.stories, ".a.md.tmp"), join(h.stories, "a.md"));
    await until(() => items(h.out).get("a")?.title === "Story a, saved", 10_000, "the atomic save");
    expect(h.w.catalog.get("in-place.md")).toBeUndefined();
  });

  it("keeps the old version while an existing story is rewritten in place in two halves", async () => {
    const h = await start({ "a.md": story("a", 1, { title: '"Old title"' }) });
    const next = story("a", 1, { title: '"New title"' });
    const fd = openSync(join(h.stories, "a.md"), "w"); // truncates
    writeSync(fd, next.slice(0, next.length >> 1));
    await new Promise((r) => setTimeout(r, 300)); // the writer's pause
    writeSync(fd, next.slice(next.length >> 1));
    closeSync(fd);
    await until(() => items(h.out).get("a")?.title === "New title", 5000, "the new title");
    for (const state of h.states) expect(["Old title", "New title"]).toContain(state.get("a")?.title);
  });

  it("does not lose a second write landing just after the first was read (30–45 ms apart)", async () => {
    const h = await start({ "a.md": story("a", 1, { title: '"v1"' }) });
    for (const gap of [40, 30, 45]) {
      writeFileSync(join(h.stories, "a.md"), story("a", 1, { title: '"v2"' }));
      await new Promise((r) => setTimeout(r, gap)); // the writer's pause: part of the scenario
      writeFileSync(join(h.stories, "a.md"), story("a", 1, { title: `"v3 after ${gap} ms"` }));
      await until(() => items(h.out).get("a")?.title === `v3 after ${gap} ms`, 5000, `the write after ${gap} ms`);
    }
  });

  it("coalesces a burst of 500 files into a handful of rebuilds, none lost", async () => {
    const h = await start({ "a.md": story("a", 0) });
    const before = h.reports.length;
    for (let i = 1; i <= 500; i++) writeFileSync(join(h.stories, `burst-${String(i).padStart(3, "0")}.md`), story(`burst-${i}`, i));
    await until(() => [...h.w.catalog.all()].filter((e) => e.story).length === 501, 20_000, "all 500 catalogued");
    await h.w.idle();
    const rebuilds = h.reports.length - before;
    expect(rebuilds).toBeGreaterThanOrEqual(1);
    expect(rebuilds).toBeLessThanOrEqual(10);
    const added = new Set(h.reports.slice(before).flatMap((r) => r.added));
    expect(added.size).toBe(500);
    // The feed holds the 50 newest: burst-451 … burst-500.
    expect(ids(h.out)).toEqual(Array.from({ length: 50 }, (_, k) => `burst-${451 + k}`).sort());
    expect(h.w.catalog.resolve().diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expectValidFeeds(h.out);
  }, 40_000);

  it("under load — 1,000 files at once and edits while it rebuilds — publishes every story once, in its last version", async () => {
    const h = await start({ "a.md": story("a", 0) });
    const name = (i: number) => join(h.stories, `load-${String(i).padStart(4, "0")}.md`);
    for (let i = 1; i <= 1000; i++) writeFileSync(name(i), story(`load-${i}`, i % 1400));
    // Edits arriving while the burst is being rebuilt.
    await until(() => h.reports.some((r) => r.added.some((f) => f.startsWith("load-"))), 20_000, "the burst's first rebuild");
    for (let i = 1; i <= 1000; i += 10) writeFileSync(name(i), story(`load-${i}`, i % 1400, { title: `"Story load-${i}, edited"` }));
    const edited = (i: number) => h.w.catalog.get(`load-${String(i).padStart(4, "0")}.md`)?.story?.title === `Story load-${i}, edited`;
    await until(() => Array.from({ length: 100 }, (_, k) => 1 + 10 * k).every(edited), 30_000, "every edit catalogued");
    await h.w.idle();
    expect([...h.w.catalog.all()].filter((e) => e.story).length).toBe(1001);
    expect(h.w.catalog.resolve().diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // Across the current feed and every archive page, each story appears, and none twice in a feed.
    const feeds = [join(h.out, "feed.json"), ...readdirSync(join(h.out, "archive")).map((n) => join(h.out, "archive", n, "feed.json"))];
    const seen = new Set<string>();
    for (const f of feeds) {
      const list = (JSON.parse(readFileSync(f, "utf8")) as { items: Item[] }).items;
      const here = list.map((i) => i.id);
      expect(new Set(here).size, f).toBe(here.length);
      for (const i of list) {
        seen.add(i.id);
        const n = /load-(\d+)$/.exec(i.id)?.[1];
        if (n && Number(n) % 10 === 1) expect(i.title, i.id).toBe(`Story load-${n}, edited`);
      }
    }
    expect(seen.size).toBe(1001);
    expectValidFeeds(h.out);
  }, 90_000);

  it("keeps a broken story's last good version, body included, prints the error, and clears it when fixed", async () => {
    const h = await start({ "a.md": story("a", 1, { title: '"Good title"' }, "GENEVA — The good body.\n") });
    writeFileSync(join(h.stories, "a.md"), story("a", 1, { title: '"Broken"', copyright: "" }));
    await until(() => h.reports.some((r) => r.kept.includes("a.md")), 5000, "a kept");
    expect(h.lines).toContainEqual(expect.stringMatching(/^a\.md:\d+:\d+ {2}error {2}.* {2}\[missing-copyright\]$/));
    expect(h.lines).toContainEqual(expect.stringMatching(/broken, last good version kept: a\.md/));
    // Re-render the feed while a is broken: its last good version stays, with its body.
    writeFileSync(join(h.stories, "b.md"), story("b", 2));
    await until(() => ids(h.out).includes("b"), 5000, "b in the feed");
    expect(items(h.out).get("a")?.title).toBe("Good title");
    expect(items(h.out).get("a")?.content_html).toContain("The good body.");
    expectValidFeeds(h.out);
    const printed = h.lines.length;
    writeFileSync(join(h.stories, "a.md"), story("a", 1, { title: '"Fixed title"' }));
    await until(() => items(h.out).get("a")?.title === "Fixed title", 5000, "the fix");
    expect(h.reports.at(-1)!.fixed).toEqual(["a.md"]);
    expect(h.w.catalog.resolve().diagnostics).toEqual([]);
    expect(h.lines.slice(printed).join("\n")).not.toContain("error");
  });

  it("never dies on a bad, vanished, dangling or oversized file; skips ignored names and its own output", async () => {
    const h = await start({ "a.md": story("a", 1) }, { maxBytes: 2048 }, "stories/output");
    writeFileSync(join(h.stories, "bin.md"), Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x81]));
    writeFileSync(join(h.stories, "huge.md"), story("huge", 2, {}, "x".repeat(5000)));
    symlinkSync(join(h.root, "nowhere.md"), join(h.stories, "dangling.md"));
    writeFileSync(join(h.stories, "flash.md"), story("flash", 3));
    unlinkSync(join(h.stories, "flash.md"));
    for (const name of [".hidden.md", "a.md.swp", ".a.md.swp", "a.md~", ".#a.md", "4913", "notes.docx"]) writeFileSync(join(h.stories, name), "junk");
    writeFileSync(join(h.stories, "sentinel.md"), story("sentinel", 4));
    await until(() => ids(h.out).includes("sentinel"), 5000, "the sentinel");
    await h.w.idle();
    expect(h.w.catalog.get("bin.md")?.diagnostics.some((d) => d.severity === "error")).toBe(true);
    expect(h.w.catalog.get("huge.md")?.diagnostics.map((d) => d.rule)).toContain("file-too-large");
    const touched = h.reports.flatMap((r) => [...r.added, ...r.changed, ...r.removed]);
    for (const name of [".hidden.md", "a.md.swp", "4913", "notes.docx", "dangling.md"]) expect(touched).not.toContain(name);
    expect(touched.some((f) => f.startsWith("output/"))).toBe(false);
    expect(ids(h.out)).toEqual(["a", "sentinel"]);
    // Its own writes into stories/output/ start no rebuild (no feedback loop).
    const count = h.reports.length;
    writeFileSync(join(h.stories, "late.md"), story("late", 5));
    await until(() => ids(h.out).includes("late"), 5000, "late in the feed");
    await h.w.idle();
    const since = h.reports.slice(count);
    expect(since.length).toBeLessThanOrEqual(2);
    expect(since.slice(1).every((r) => r.written.length === 0)).toBe(true);
    expectValidFeeds(h.out);
  });

  it("keeps running when the stories folder is deleted, keeps the feeds, and picks the folder up again", async () => {
    const h = await start({ "a.md": story("a", 1), "b.md": story("b", 2) });
    rmSync(h.stories, { recursive: true, force: true });
    await until(() => h.lines.some((l) => l.includes("is gone")), 5000, "the folder reported gone");
    expect(ids(h.out)).toEqual(["a", "b"]);
    expectValidFeeds(h.out);
    mkdirSync(h.stories);
    writeFileSync(join(h.stories, "c.md"), story("c", 3));
    await until(() => h.lines.some((l) => l.includes("is back")), 5000, "the folder reported back");
    await until(() => ids(h.out).join() === "c", 5000, "the feed reconciled with the new folder");
    writeFileSync(join(h.stories, "d.md"), story("d", 4));
    await until(() => ids(h.out).includes("d"), 5000, "d: watching again");
    expectValidFeeds(h.out);
  });

  it("starts without a stories folder, says so, and builds when it appears", async () => {
    const root = makeTree({}, "wirefeed-watch-");
    const lines: string[] = [];
    const w = await watch({ config: config(), stories: join(root, "stories"), out: join(root, "output"), log: (l) => lines.push(l) });
    open.push(w);
    expect(lines.join("\n")).toContain("does not exist; waiting for it");
    mkdirSync(join(root, "stories"));
    writeFileSync(join(root, "stories/a.md"), story("a", 1));
    await until(() => ids(join(root, "output")).includes("a"), 5000, "a in the feed");
    writeFileSync(join(root, "stories/b.md"), story("b", 2));
    await until(() => ids(join(root, "output")).includes("b"), 5000, "b: watching");
  });

  it("watches a stories folder that is a symbolic link, with the output folder inside it", async () => {
    const root = makeTree({ "real/a.md": story("a", 1) }, "wirefeed-watch-");
    symlinkSync(join(root, "real"), join(root, "stories"));
    const reports: RebuildReport[] = [];
    const w = await watch({ config: config(), stories: join(root, "stories"), out: join(root, "stories/output"), log: () => {}, onRebuild: (r) => reports.push(r) });
    open.push(w);
    writeFileSync(join(root, "stories/b.md"), story("b", 2));
    await until(() => ids(join(root, "stories/output")).includes("b"), 5000, "b in the feed");
    await w.idle();
    expect(reports.flatMap((r) => [...r.added, ...r.changed]).filter((f) => f.startsWith("output/"))).toEqual([]);
  });

  it("wakes by itself when an embargo lifts, with no file event", async () => {
    let offset = 0;
    const clock = () => new Date(Date.UTC(2026, 10, 24, 12, 0, 0) + offset);
    const lift = new Date(clock().getTime() + 800);
    const start0 = Date.now();
    const h = await startWithClock({ "a.md": story("a", 1), "e.md": story("e", 2, { embargo: lift.toISOString() }) }, () => {
      offset = Date.now() - start0;
      return clock();
    });
    expect(ids(h.out)).toEqual(["a"]);
    expect(h.w.nextWake?.toISOString()).toBe(lift.toISOString());
    expect(h.lines[0]).toContain(`next wake-up at ${lift.toISOString()}`);
    await until(() => ids(h.out).includes("e"), 5000, "the embargo to lift");
    const wake = h.reports.at(-1)!;
    expect(wake.trigger).toBe("wake");
    expect([...wake.added, ...wake.changed, ...wake.removed]).toEqual([]);
    expect(wake.written).toContain("feed.json");
    expect(h.w.nextWake).toBeUndefined();
  });
});

/** As start, with an injected clock. */
async function startWithClock(files: Record<string, string>, now: () => Date): Promise<Harness> {
  const root = makeTree(Object.fromEntries(Object.entries(files).map(([k, v]) => [`stories/${k}`, v])), "wirefeed-watch-");
  const h = { root, stories: join(root, "stories"), out: join(root, "output"), lines: [] as string[], reports: [] as RebuildReport[], states: [] } as Omit<Harness, "w"> as Harness;
  h.w = await watch({ config: config(), stories: h.stories, out: h.out, now, log: (l) => h.lines.push(l), onRebuild: (r) => h.reports.push(r) });
  open.push(h.w);
  return h;
}

/** Starts `wirefeed watch` on `root`'s stories/ and waits until it says it is watching. */
async function startCli(root: string, ms: number, extra: string[] = []) {
  const child = spawn(process.execPath, [CLI, "watch", "--stories", "stories", "--out", "output", ...extra], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const cli = { child, stdout: "", exited: new Promise<number | null>((done) => child.on("exit", (code) => done(code))) };
  child.stdout.on("data", (d) => (cli.stdout += d));
  child.stderr.on("data", (d) => (cli.stdout += d));
  await until(() => cli.stdout.includes("Ctrl-C stops"), ms, "the watcher to start");
  return cli;
}

describe("wirefeed watch (the CLI)", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`stops on ${signal} with exit 0, the write in progress finished and the feeds intact`, async () => {
      const root = makeTree({ "stories/a.md": story("a", 1) }, "wirefeed-cli-watch-");
      const cli = await startCli(root, 10_000);
      const { child, exited } = cli;
      expect(cli.stdout).toContain("feeds in output/ (rss.xml, atom.xml, feed.json); watching stories/");
      writeFileSync(join(root, "stories/b.md"), story("b", 2));
      await until(() => ids(join(root, "output")).includes("b"), 5000, "b in the feed");
      // A burst, and the signal while it is being read or written.
      for (let i = 0; i < 100; i++) writeFileSync(join(root, `stories/s${i}.md`), story(`s${i}`, 10 + i));
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(cli.stdout).toContain(`${signal}: stopping`);
      expect(cli.stdout).toMatch(/wirefeed: stopped\n$/);
      expectValidFeeds(join(root, "output"));
      expect(ids(join(root, "output"))).toContain("a");
    }, 20_000);
  }

  it("polls at the config's watch.poll with --poll alone, and at --poll=MS when given", async () => {
    const root = makeTree({ "stories/a.md": story("a", 1), "wirefeed.config.json": JSON.stringify({ watch: { poll: 250 } }) }, "wirefeed-cli-watch-");
    for (const [extra, mode] of [[["--poll"], "by polling every 250 ms"], [["--poll=400"], "by polling every 400 ms"]] as const) {
      const { child, exited, stdout } = await startCli(root, 10_000, [...extra]);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stdout).toContain(`watching stories/ ${mode}; Ctrl-C stops`);
    }
  }, 30_000);

  it("builds a large archive's first time in a child process, and then publishes what `build` would", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`stories/s${String(i).padStart(4, "0")}.md`] = story(`s${i}`, i % 600, { categories: i % 2 ? "[World]" : "[Sport]" });
    const root = makeTree(files, "wirefeed-cli-watch-");
    const { child, exited } = await startCli(root, 60_000);
    // The watcher itself never writes the build cache: the child's build left it.
    expect(existsSync(join(root, "output/.wirefeed-cache.json"))).toBe(true);
    writeFileSync(join(root, "stories/late.md"), story("late", 700));
    await until(() => ids(join(root, "output")).includes("late"), 10_000, "late in the feed");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const built = spawn(process.execPath, [CLI, "build", "--stories", "stories", "--out", "built", "--no-cache", "--now", new Date().toISOString()], { cwd: root });
    await new Promise((done) => built.on("exit", done));
    const feedFiles = (dir: string) => readdirSync(join(root, dir), { recursive: true, encoding: "utf8" }).filter((f) => /\.(xml|json)$/.test(f) && !f.startsWith(".")).sort();
    expect(feedFiles("output")).toEqual(feedFiles("built"));
    for (const f of feedFiles("built")) expect(readFileSync(join(root, "output", f), "utf8"), f).toBe(readFileSync(join(root, "built", f), "utf8"));
  }, 120_000);
});

describe("wire desk rules in watch mode", () => {
  it("takes a story down when a kill arrives as an edit (tombstone in Atom, _wire.deleted in JSON), and brings it back when the kill is undone", async () => {
    const h = await start({ "a.md": story("a", 1), "b.md": story("b", 2) });
    await until(() => ids(h.out).join() === "a,b", 5000, "both stories");
    writeFileSync(join(h.stories, "b.md"), story("b", 2, { status: "canceled", updated: "2026-11-21T10:00:00Z" }));
    await until(() => ids(h.out).join() === "a", 5000, "the killed story to leave feed.json");
    const atom = readFileSync(join(h.out, "atom.xml"), "utf8");
    expect(atom).toMatch(/<at:deleted-entry ref="https:\/\/wire\.example\.org\/stories\/b" when="2026-11-21T10:00:00\.000Z"/);
    const json = JSON.parse(readFileSync(join(h.out, "feed.json"), "utf8"));
    expect(json._wire.deleted).toEqual([expect.objectContaining({ id: "https://wire.example.org/stories/b" })]);
    expectValidFeeds(h.out);
    // No feed state after the kill's rebuild holds the story again.
    const killedAt = h.states.findIndex((s) => !s.has("b"));
    expect(h.states.slice(killedAt).every((s) => !s.has("b"))).toBe(true);
    writeFileSync(join(h.stories, "b.md"), story("b", 2, { status: "usable", updated: "2026-11-21T11:00:00Z" }));
    await until(() => ids(h.out).join() === "a,b", 5000, "the story to return once its status changes");
    expect(readFileSync(join(h.out, "atom.xml"), "utf8")).not.toContain("deleted-entry");
  });
});

describe("watch: resting", () => {
  it("collects garbage once it rests after a rebuild, and not while stories keep coming", async () => {
    const root = makeTree({ "stories/a.md": story("a", 1) }, "wirefeed-watch-");
    const stories = join(root, "stories");
    const reports: RebuildReport[] = [];
    let collections = 0;
    const w = await watch({
      config: config(), stories, out: join(root, "output"), log: () => {}, onRebuild: (r) => reports.push(r),
      collector: () => () => collections++,
    });
    open.push(w);
    // Stories every half second: each rebuild puts the rest off again.
    for (let i = 0; i < 4; i++) {
      writeFileSync(join(stories, `s${i}.md`), story(`s${i}`, 10 + i));
      await until(() => reports.some((r) => r.added.includes(`s${i}.md`)), 5000, `s${i} rebuilt`);
      await new Promise((done) => setTimeout(done, 500));
      expect(collections).toBe(0);
    }
    // Then nothing: two full collections once REST_MS (1.5 s) have passed since the last rebuild.
    await until(() => collections > 0, 4000, "the rest");
    await new Promise((done) => setTimeout(done, 300));
    expect(collections).toBe(2);
  });
});
