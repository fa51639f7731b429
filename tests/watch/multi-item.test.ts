/**
 * The watcher and a NewsML-G2 file of several text items (#16): a change removes the items that
 * left the file and adds the ones that came; a broken rewrite keeps the last good items, as it
 * keeps a single story's; an unlink removes every item.
 */
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config.js";
import { Catalog } from "../../src/state/catalog.js";
import { entryFromBytes } from "../../src/state/entry.js";
import { applyChanges, type Loaded } from "../../src/watch/apply.js";
import { watch, type RebuildReport, type Watcher } from "../../src/watch/watcher.js";
import { expectValidFeeds } from "../support/judge.js";
import { g2Message, g2Text, idOf } from "../support/g2.js";
import { makeTree } from "../support/tree.js";
import { until } from "../support/until.js";
import { testConfig } from "../support/config.js";

function config(extra: Record<string, unknown> = {}): Config {
  return testConfig({ siteUrl: "https://wire.example.org/", ...extra });
}

const msg = (...names: string[]) => g2Message(...names.map((n, i) => g2Text({ guid: n, minute: i + 1 })));
const published = (c: Catalog) => c.resolve().stories.map((s) => s.id).sort();

describe("the rebuild logic with a multi-item file, without a file system", () => {
  const cfg = config();
  const entry = (file: string, text: string, mtimeMs = 1_000) => entryFromBytes(file, Buffer.from(text), mtimeMs, cfg);
  const loader = (files: Record<string, Loaded>) => async (file: string) => files[file] ?? "gone";

  it("removes the items that left a changed file and adds the ones that came", async () => {
    const c = new Catalog(cfg, "/nowhere");
    c.set(entry("bundle.xml", msg("a", "b", "c")));
    expect(published(c)).toEqual(["a", "b", "c"].map(idOf));
    const e = await applyChanges(c, new Map([["bundle.xml", "change"]] as const), loader({ "bundle.xml": entry("bundle.xml", msg("a", "c", "d"), 2_000) }));
    expect(e).toMatchObject({ changed: ["bundle.xml"], kept: [], failed: [] });
    expect(published(c)).toEqual(["a", "c", "d"].map(idOf));
    expect(c.resolve().diagnostics).toEqual([]);
  });

  it("keeps the last good items of a file rewritten broken, and takes the fixed file's items", async () => {
    const c = new Catalog(cfg, "/nowhere");
    const good = entry("bundle.xml", msg("a", "b", "c"));
    c.set(good);
    const half = msg("a", "b", "c", "d").slice(0, 900);
    const e1 = await applyChanges(c, new Map([["bundle.xml", "change"]] as const), loader({ "bundle.xml": entry("bundle.xml", half, 2_000) }));
    expect(e1).toMatchObject({ changed: ["bundle.xml"], kept: ["bundle.xml"] });
    expect(published(c)).toEqual(["a", "b", "c"].map(idOf));
    expect(c.resolve().diagnostics.map((d) => d.rule)).toContain("xml-syntax");
    expect(c.get("bundle.xml")?.hash).toBe(good.hash);
    const e2 = await applyChanges(c, new Map([["bundle.xml", "change"]] as const), loader({ "bundle.xml": entry("bundle.xml", msg("a", "b", "c", "d"), 3_000) }));
    expect(e2).toMatchObject({ fixed: ["bundle.xml"], kept: [] });
    expect(published(c)).toEqual(["a", "b", "c", "d"].map(idOf));
  });

  it("keeps the file's last good items, whole, when a rewrite refuses an item it had a good version of", async () => {
    const c = new Catalog(cfg, "/nowhere");
    c.set(entry("bundle.xml", g2Message(g2Text({ guid: "a", minute: 1 }), g2Text({ guid: "b", minute: 2, headline: "Good b" }))));
    const next = entry("bundle.xml", g2Message(g2Text({ guid: "a", minute: 1, headline: "New a" }), g2Text({ guid: "b", minute: 2, headline: "Broken b", noRights: true })), 2_000);
    const e = await applyChanges(c, new Map([["bundle.xml", "change"]] as const), loader({ "bundle.xml": next }));
    expect(e).toMatchObject({ changed: ["bundle.xml"], kept: ["bundle.xml"] });
    const { stories, diagnostics } = c.resolve();
    expect(stories.map((s) => s.title)).toEqual(["Story a", "Good b"]);
    expect(diagnostics.map((d) => d.rule)).toContain("missing-copyright");
    // A new item that fails has no good version to keep: the file's good items are taken.
    const withNew = entry("bundle.xml", g2Message(g2Text({ guid: "a", minute: 1, headline: "New a" }), g2Text({ guid: "b", minute: 2, headline: "Good b" }), g2Text({ guid: "n", minute: 3, noRights: true })), 3_000);
    const e2 = await applyChanges(c, new Map([["bundle.xml", "change"]] as const), loader({ "bundle.xml": withNew }));
    expect(e2).toMatchObject({ changed: ["bundle.xml"], kept: [] });
    expect(c.resolve().stories.map((s) => s.title)).toEqual(["New a", "Good b"]);
    expect(c.resolve().diagnostics.map((d) => d.rule)).toEqual(["missing-copyright"]);
  });

  it("keeps a single story's last good version when its file becomes a message in which that story is refused", async () => {
    const c = new Catalog(cfg, "/nowhere");
    c.set(entry("bundle.xml", g2Message(g2Text({ guid: "a", minute: 1, headline: "Good a" }))));
    const next = entry("bundle.xml", g2Message(g2Text({ guid: "a", minute: 1, noRights: true }), g2Text({ guid: "b", minute: 2 })), 2_000);
    const e = await applyChanges(c, new Map([["bundle.xml", "change"]] as const), loader({ "bundle.xml": next }));
    expect(e).toMatchObject({ kept: ["bundle.xml"] });
    expect(c.resolve().stories.map((s) => s.title)).toEqual(["Good a"]);
  });

  it("drops every item of an unlinked file, and moves an item between files in one step", async () => {
    const c = new Catalog(cfg, "/nowhere");
    c.set(entry("one.xml", msg("a", "b")));
    c.set(entry("two.xml", msg("c", "d")));
    const moved = await applyChanges(c, new Map([["one.xml", "change"], ["two.xml", "change"]] as const), loader({
      "one.xml": entry("one.xml", msg("a"), 2_000), "two.xml": entry("two.xml", msg("c", "d", "b"), 2_000),
    }));
    expect(moved.changed.sort()).toEqual(["one.xml", "two.xml"]);
    expect(published(c)).toEqual(["a", "b", "c", "d"].map(idOf));
    expect(c.resolve().diagnostics).toEqual([]);
    await applyChanges(c, new Map([["two.xml", "unlink"]] as const), loader({}));
    expect(published(c)).toEqual([idOf("a")]);
  });
});

const open: Watcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});


interface Item { id: string; title: string; content_html: string }
function items(out: string): Map<string, Item> {
  const json = JSON.parse(readFileSync(join(out, "feed.json"), "utf8")) as { items: Item[] };
  return new Map(json.items.map((i) => [i.id.slice(i.id.lastIndexOf("/") + 1), i]));
}
const ids = (out: string) => [...items(out).keys()].sort();

describe("watch: a multi-item file on a real folder", () => {
  it("adds, changes and unlinks a multi-item file; a broken rewrite keeps its last good items, bodies included", async () => {
    const root = makeTree({ "stories/a.md": "---\ntitle: Alone\npublished: 2026-11-20T08:00:00Z\ncredit: Example Wire\ncopyright: \"© 2026 Example Wire\"\nid: alone\n---\n\nThe lone body.\n" }, "wirefeed-watch-");
    const stories = join(root, "stories");
    mkdirSync(stories, { recursive: true });
    const out = join(root, "output");
    const reports: RebuildReport[] = [];
    const lines: string[] = [];
    const w = await watch({ config: config(), stories, out, log: (l) => lines.push(l), onRebuild: (r) => reports.push(r) });
    open.push(w);
    expect(ids(out)).toEqual(["alone"]);
    // Added: three stories from one file.
    writeFileSync(join(stories, "bundle.xml"), msg("a", "b", "c"));
    await until(() => ids(out).length === 4, 5000, "the three items");
    expect(reports.at(-1)!.added).toEqual(["bundle.xml"]);
    expect(items(out).get(idOf("b"))?.content_html).toContain("The body of b.");
    // Changed: b leaves, d comes.
    writeFileSync(join(stories, "bundle.xml"), msg("a", "c", "d"));
    await until(() => ids(out).includes(idOf("d")), 5000, "d in the feed");
    expect(ids(out)).toEqual(["alone", ...["a", "c", "d"].map(idOf)]);
    expect(items(out).get(idOf("d"))?.content_html).toContain("The body of d.");
    // Broken: the last good items stay, with their bodies, while another story comes and goes.
    writeFileSync(join(stories, "bundle.xml"), msg("a", "c", "d").slice(0, 700));
    await until(() => reports.some((r) => r.kept.includes("bundle.xml")), 5000, "bundle.xml kept");
    expect(lines).toContainEqual(expect.stringMatching(/^bundle\.xml:\d+:\d+ {2}error {2}.* {2}\[xml-syntax\]$/));
    unlinkSync(join(stories, "a.md"));
    await until(() => !ids(out).includes("alone"), 5000, "alone gone");
    expect(ids(out)).toEqual(["a", "c", "d"].map(idOf));
    expect(items(out).get(idOf("c"))?.content_html).toContain("The body of c.");
    expectValidFeeds(out);
    // Unlinked: every item goes.
    unlinkSync(join(stories, "bundle.xml"));
    await until(() => !existsSync(join(out, "feed.json")) || ids(out).length === 0, 5000, "the items gone");
    expect(w.catalog.size).toBe(0);
  });
});
