/**
 * A NewsML-G2 file holding several text items is several stories (#16): the build cache, the
 * up-to-date stamp and the version rule's memory follow each item, and a warm build gives the
 * bytes a cold one does after an item is added to a file, removed from it, or moved to another.
 */
import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import { recordKey } from "../../src/build/pipeline.js";
import { upToDate } from "../../src/state/up-to-date.js";
import type { Config } from "../../src/config/config.js";
import { g2Message, g2Text, idOf, lineOf } from "../support/g2.js";
import { age, makeTree } from "../support/tree.js";
import { testConfig } from "../support/config.js";

const NOW = new Date("2026-11-24T12:00:00Z");

function config(extra: Record<string, unknown> = {}): Config {
  return testConfig({ siteUrl: "https://wire.example.org/", publisher: "Example Desk", items: 2, ...extra });
}

/** Every output file but dotfiles (the cache, the stamp), by path. */
function outputs(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.startsWith(".") && !/\.(gz|br)$/.test(d.name))
    .map((d) => join(d.parentPath, d.name)).sort().map((p) => [p.slice(dir.length), readFileSync(p, "utf8")]));
}

interface Item { id: string; title: string; content_html: string }
const feedItems = (out: string): Item[] => (JSON.parse(readFileSync(join(out, "feed.json"), "utf8")) as { items: Item[] }).items;
const ids = (out: string) => feedItems(out).map((i) => i.id.slice(i.id.lastIndexOf("/") + 1)).sort();
/** Every story id on the main feed or one of its archive pages, once. */
function allIds(out: string): string[] {
  return Object.entries(outputs(out)).filter(([f]) => f.endsWith("feed.json") && !f.startsWith("/categories"))
    .flatMap(([, text]) => (JSON.parse(text) as { items: Item[] }).items.map((i) => i.id.slice(i.id.lastIndexOf("/") + 1)))
    .filter((id, i, all) => all.indexOf(id) === i).sort();
}

function tree(files: Record<string, string>) {
  const root = makeTree(Object.fromEntries(Object.entries(files).map(([k, v]) => [`stories/${k}`, v])));
  for (const f of readdirSync(join(root, "stories"))) age(join(root, "stories", f));
  return { root, stories: join(root, "stories"), out: join(root, "out") };
}

/** Builds warm (with the cache in `out`) and cold (a fresh folder, `--no-cache`), and compares every output. */
async function expectSameAsCold(t: { root: string; stories: string; out: string }) {
  const coldOut = join(t.root, "cold");
  const warm = await build({ config: config(), stories: t.stories, out: t.out, now: NOW });
  const cold = await build({ config: config(), stories: t.stories, out: coldOut, now: NOW, cache: false });
  expect(outputs(t.out)).toEqual(outputs(coldOut));
  expect(warm.diagnostics).toEqual(cold.diagnostics);
  rmSync(coldOut, { recursive: true });
  return warm;
}

const three = () => g2Message(g2Text({ guid: "a", minute: 1 }), g2Text({ guid: "b", minute: 2 }), g2Text({ guid: "c", minute: 3 }));

describe("a file of several text items in the build cache", () => {
  it("publishes every item, each with its own body, and a warm build reuses the file", async () => {
    const t = tree({ "bundle.xml": three() });
    const first = await build({ config: config(), stories: t.stories, out: t.out, now: NOW });
    expect(first.diagnostics).toEqual([]);
    expect(first.stories.map((s) => s.id)).toEqual(["a", "b", "c"].map(idOf));
    // Two a page: the main feed holds c and b, the archive a.
    expect(allIds(t.out)).toEqual(["a", "b", "c"].map(idOf));
    for (const item of feedItems(t.out)) expect(item.content_html).toContain(`The body of ${item.title.slice(-1)}.`);
    const warm = await expectSameAsCold(t);
    expect(warm.cached).toBe(1);
    expect(warm.written).toEqual([]);
  });

  it("sees an item added to a file, one removed from it, and one moved to another file", async () => {
    const t = tree({ "bundle.xml": three(), "other.xml": g2Message(g2Text({ guid: "x", minute: 9 })) });
    await build({ config: config(), stories: t.stories, out: t.out, now: NOW });
    // Added.
    writeFileSync(join(t.stories, "bundle.xml"), g2Message(g2Text({ guid: "a", minute: 1 }), g2Text({ guid: "b", minute: 2 }), g2Text({ guid: "c", minute: 3 }), g2Text({ guid: "d", minute: 4 })));
    age(join(t.stories, "bundle.xml"), 1800);
    let warm = await expectSameAsCold(t);
    expect(allIds(t.out)).toEqual(["a", "b", "c", "d", "x"].map(idOf));
    expect(warm.cached).toBe(1);
    // Removed (b), the others unchanged.
    writeFileSync(join(t.stories, "bundle.xml"), g2Message(g2Text({ guid: "a", minute: 1 }), g2Text({ guid: "c", minute: 3 }), g2Text({ guid: "d", minute: 4 })));
    age(join(t.stories, "bundle.xml"), 1700);
    warm = await expectSameAsCold(t);
    expect(allIds(t.out)).toEqual(["a", "c", "d", "x"].map(idOf));
    // Moved: d leaves bundle.xml for other.xml, in the same build; its body comes from its new file.
    writeFileSync(join(t.stories, "bundle.xml"), g2Message(g2Text({ guid: "a", minute: 1 }), g2Text({ guid: "c", minute: 3 })));
    writeFileSync(join(t.stories, "other.xml"), g2Message(g2Text({ guid: "x", minute: 9 }), g2Text({ guid: "d", minute: 4, body: "The body of d, moved." })));
    age(join(t.stories, "bundle.xml"), 1600);
    age(join(t.stories, "other.xml"), 1600);
    warm = await expectSameAsCold(t);
    expect(warm.diagnostics).toEqual([]);
    expect(allIds(t.out)).toEqual(["a", "c", "d", "x"].map(idOf));
    const d = warm.stories.find((s) => s.id === idOf("d"))!;
    expect(d.file).toBe("other.xml");
    expect(JSON.stringify(outputs(t.out))).toContain("The body of d, moved.");
    // And back into one item: the file is a single story again.
    writeFileSync(join(t.stories, "bundle.xml"), g2Message(g2Text({ guid: "a", minute: 1 })));
    age(join(t.stories, "bundle.xml"), 1500);
    warm = await expectSameAsCold(t);
    expect(allIds(t.out)).toEqual(["a", "d", "x"].map(idOf));
  });

  it("sees a rewrite within the clock's resolution with the file's size and time kept", async () => {
    const t = tree({ "bundle.xml": three() });
    const path = join(t.stories, "bundle.xml");
    const s = Date.now() / 1000 - 0.5;
    utimesSync(path, s, s);
    await build({ config: config(), stories: t.stories, out: t.out, now: NOW });
    // Same length: "b" becomes "e" in the guid and body.
    writeFileSync(path, three().replaceAll("20261120:b", "20261120:e").replace("The body of b.", "The body of e."));
    utimesSync(path, s, s);
    await expectSameAsCold(t);
    expect(allIds(t.out)).toEqual(["a", "c", "e"].map(idOf));
  });

  it("keeps the first item in file order for an id two items share, and reports the other at its line", async () => {
    const text = g2Message(g2Text({ guid: "a", minute: 1, headline: "First a" }), g2Text({ guid: "b", minute: 2 }), g2Text({ guid: "a", minute: 3, headline: "Second a" }));
    const t = tree({ "bundle.xml": text });
    const first = await build({ config: config(), stories: t.stories, out: t.out, now: NOW });
    expect(first.stories.map((s) => s.title)).toEqual(["First a", "Story b"]);
    const dup = first.diagnostics.filter((d) => d.rule === "duplicate-id");
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ file: "bundle.xml", severity: "error", line: text.split("\n").reduce((last, l, i) => (l.includes(`guid="urn:newsml:example-wire.com:20261120:a"`) ? i + 1 : last), 0) });
    expect(dup[0]!.message).toContain(`id "${idOf("a")}" is already used by bundle.xml`);
    await expectSameAsCold(t);
  });

  it("refuses an item without rights at its line, and publishes the file's other items", async () => {
    const text = g2Message(g2Text({ guid: "a", minute: 1 }), g2Text({ guid: "b", minute: 2, noRights: true }), g2Text({ guid: "c", minute: 3 }));
    const t = tree({ "bundle.xml": text });
    const first = await build({ config: config(), stories: t.stories, out: t.out, now: NOW });
    expect(allIds(t.out)).toEqual(["a", "c"].map(idOf));
    const errors = first.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.file, d.rule])).toEqual([["bundle.xml", "missing-copyright"]]);
    expect(errors[0]!.line).toBeGreaterThanOrEqual(lineOf(text, "b"));
    expect(errors[0]!.line).toBeLessThan(lineOf(text, "c"));
    await expectSameAsCold(t);
  });

  it("remembers each item's release: a lowered version of the second item is refused, and its published text stays", async () => {
    const t = tree({ "bundle.xml": g2Message(g2Text({ guid: "a", minute: 1 }), g2Text({ guid: "b", minute: 2, version: 3, body: "Version three." })) });
    await build({ config: config(), stories: t.stories, out: t.out, now: NOW });
    writeFileSync(join(t.stories, "bundle.xml"), g2Message(g2Text({ guid: "a", minute: 1, body: "A, edited." }), g2Text({ guid: "b", minute: 2, version: 2, body: "Version two." })));
    age(join(t.stories, "bundle.xml"), 1800);
    const warm = await build({ config: config(), stories: t.stories, out: t.out, now: NOW });
    const lowered = warm.diagnostics.filter((d) => d.rule === "version-lowered");
    expect(lowered.map((d) => d.file)).toEqual(["bundle.xml"]);
    const bodies = Object.fromEntries(feedItems(t.out).map((i) => [i.id.slice(i.id.lastIndexOf("/") + 1), i.content_html]));
    expect(bodies[idOf("a")]).toContain("A, edited.");
    expect(bodies[idOf("b")]).toContain("Version three.");
    expect(bodies[idOf("b")]).not.toContain("Version two.");
  });

  it("records a multi-item file for the up-to-date check: an untouched second build stops there, a touched one rebuilds", async () => {
    const t = tree({ "bundle.xml": three() });
    const first = await build({ config: config(), stories: t.stories, out: t.out, now: NOW });
    const key = recordKey({ config: config() });
    expect((await upToDate(t.stories, t.out, key, NOW))?.published).toBe(first.published);
    writeFileSync(join(t.stories, "bundle.xml"), g2Message(g2Text({ guid: "a", minute: 1 })));
    expect(await upToDate(t.stories, t.out, key, NOW)).toBeUndefined();
  });
});
