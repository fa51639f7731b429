/**
 * A watcher's rebuild patches what it kept from the last one (the catalogue's resolution, the
 * sorted order, the archive pages' plans) rather than working it all out again from every story
 * (#20). Whatever an edit moves — a story to another archive page by its date, to another desk by
 * its category, out of the feeds by a duplicate id, back when the duplicate goes — the watcher's
 * outputs must be byte for byte a cold build's of the same folder at the same instant.
 */
import { readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import type { Config } from "../../src/config/config.js";
import { watch, type RebuildReport, type Watcher } from "../../src/watch/watcher.js";
import { makeTree, storyText } from "../support/tree.js";
import { until } from "../support/until.js";
import { testConfig } from "../support/config.js";

const NOW = new Date("2026-11-24T12:00:00Z");

function config(): Config {
  return testConfig({ siteUrl: "https://wire.example.org/", items: 3 });
}

function story(id: string, minute: number, category: string, body = `GENEVA — Story ${id} went on.\n`): string {
  const published = new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString();
  return storyText({ id, title: `"Story ${id}"`, published, categories: `[${category}]` }, body);
}

/** Every file of an output folder but its dotfiles (the build record), by path. */
function outputs(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.startsWith("."))
    .map((d) => join(d.parentPath, d.name)).sort().map((p) => [p.slice(dir.length + 1), readFileSync(p)]));
}

const open: Watcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

describe("a watcher's rebuilds against a cold build", () => {
  it("write what a cold build writes after edits that move a story between archive pages and desks, and ids that collide and part", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 24; i++) files[`stories/s${String(i).padStart(2, "0")}.md`] = story(`s${i}`, i * 2, i % 3 ? "World" : "Sport");
    const root = makeTree(files, "wirefeed-incremental-");
    const stories = join(root, "stories");
    const out = join(root, "output");
    const reports: RebuildReport[] = [];
    const w = await watch({ config: config(), stories, out, now: () => NOW, log: () => undefined, onRebuild: (r) => reports.push(r) });
    open.push(w);
    let n = 0;
    // Renamed in whole, so each is read at once; one rebuild each.
    const put = (file: string, text: string) => {
      const temp = join(stories, `.tmp-${n++}`);
      writeFileSync(temp, text);
      renameSync(temp, join(stories, file));
    };
    // A broken story keeps its last good version under a watcher (a cold build has none to keep):
    // compared again once it is fixed.
    const steps: [string, () => void, boolean?][] = [
      ["the oldest story's body", () => put("s00.md", story("s0", 0, "Sport", "GENEVA — Edited.\n"))],
      ["a story's date, to the newest", () => put("s01.md", story("s1", 100, "World"))],
      ["a story's date, back into the archive", () => put("s20.md", story("s20", 3, "World"))],
      ["a story's category, to a new desk", () => put("s05.md", story("s5", 10, "Health"))],
      ["a story's category, out of its desk", () => put("s06.md", story("s6", 12, "World"))],
      ["a second file taking an id", () => put("s99.md", story("s3", 50, "Sport"))],
      ["a first file giving it up", () => put("s03.md", story("s3b", 6, "Sport"))],
      ["the same body under another id", () => put("s98.md", story("s98", 7, "Sport", "GENEVA — Story s4 went on.\n"))],
      ["a story removed", () => unlinkSync(join(stories, "s10.md"))],
      ["a story broken", () => put("s11.md", "---\ntitle: [unclosed\n---\n"), false],
      ["a story fixed", () => put("s11.md", story("s11", 22, "World"))],
    ];
    for (const [what, step, compare = true] of steps) {
      const before = reports.length;
      step();
      await until(() => reports.length > before, 10_000, `the rebuild after ${what}`);
      await w.idle();
      if (!compare) continue;
      const cold = join(root, `cold-${n}`);
      await build({ config: config(), stories, out: cold, now: NOW, cache: false });
      const got = outputs(out), want = outputs(cold);
      expect([...got.keys()], what).toEqual([...want.keys()]);
      for (const [file, bytes] of want) expect(got.get(file)?.equals(bytes), `${what}: ${file}`).toBe(true);
      rmSync(cold, { recursive: true, force: true });
    }
  }, 60_000);
});
