/**
 * Precompressed siblings: `build` and `watch` write `.gz` and `.br` beside every feed and view,
 * atomically, decoding to the file's exact bytes; the build's up-to-date stamp and its pruning
 * know them; config `precompress: false` writes none and removes those left.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import type { Config } from "../../src/config/config.js";
import { watch } from "../../src/watch/watcher.js";
import { makeTree, storyText } from "../support/tree.js";
import { testConfig } from "../support/config.js";

const NOW = new Date("2026-11-24T12:00:00Z");
const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const config = (extra: Record<string, unknown> = {}): Config => testConfig({ siteUrl: "https://wire.example.org/", items: 2, ...extra });
const story = (i: number, fields: Record<string, string> = {}) =>
  storyText({ title: `"Story ${i}"`, published: `2026-11-2${i % 10}T09:00:00Z`, ...fields }, `GENEVA — Story ${i} body. ${"Words of the wire. ".repeat(40)}\n`);

/** Every file under `dir` but dotfiles, relative, sorted. */
const listing = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile() && !d.name.startsWith(".")).map((d) => join(d.parentPath, d.name).slice(dir.length + 1)).sort();

function expectSiblingsMatch(out: string): string[] {
  const files = listing(out).filter((f) => !/\.(gz|br)$/.test(f));
  for (const f of files) {
    const bytes = readFileSync(join(out, f));
    expect(gunzipSync(readFileSync(join(out, `${f}.gz`))).equals(bytes), `${f}.gz`).toBe(true);
    expect(brotliDecompressSync(readFileSync(join(out, `${f}.br`))).equals(bytes), `${f}.br`).toBe(true);
  }
  expect(listing(out).length).toBe(files.length * 3);
  return files;
}

describe("precompressed siblings", () => {
  it("are written beside every feed, view and page a build writes, and change none of their bytes", async () => {
    const root = makeTree(Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`stories/s${i}.md`, story(i, { categories: i % 2 ? "[World]" : "[Markets]" })])));
    await build({ config: config(), stories: join(root, "stories"), out: join(root, "on"), now: NOW });
    await build({ config: config({ precompress: false }), stories: join(root, "stories"), out: join(root, "off"), now: NOW });
    const files = expectSiblingsMatch(join(root, "on"));
    expect(files).toEqual(expect.arrayContaining(["rss.xml", "atom.xml", "feed.json", "rss.html", "atom.html", "index.html", "index.json", "feed.xsl",
      "categories/world/rss.xml", "archive/1/atom.xml"]));
    // Without precompression: the same files, byte for byte, and no sibling.
    expect(listing(join(root, "off"))).toEqual(files);
    for (const f of files) expect(readFileSync(join(root, "on", f)).equals(readFileSync(join(root, "off", f))), f).toBe(true);
  });

  it("are left alone by a build that changes nothing, restored when deleted, and removed with their feed", async () => {
    const root = makeTree({
      "stories/s1.md": story(1, { categories: "[World]" }),
      "stories/s2.md": story(2, { categories: "[Markets]" }),
      "wirefeed.config.json": JSON.stringify({ siteUrl: "https://wire.example.org/" }),
    });
    const out = join(root, "output");
    const run = () => execFileSync(process.execPath, [CLI, "build", "--now", NOW.toISOString()], { cwd: root, encoding: "utf8" });
    run();
    expectSiblingsMatch(out);
    const gz = join(out, "rss.xml.gz");
    const before = statSync(gz).mtimeMs;
    expect(run()).toContain("nothing changed");
    expect(statSync(gz).mtimeMs).toBe(before);
    // A sibling deleted by hand: the stamp no longer vouches for the output, and the build puts it back.
    rmSync(join(out, "categories/world/atom.xml.br"));
    expect(run()).not.toContain("nothing changed");
    expectSiblingsMatch(out);
    // The markets desk left empty: its folder goes, siblings and all.
    rmSync(join(root, "stories/s2.md"));
    run();
    expect(existsSync(join(out, "categories/markets"))).toBe(false);
    expectSiblingsMatch(out);
  });

  it("follow a feed that config no longer defines out, and go when precompress is turned off", async () => {
    const root = makeTree({ "stories/s1.md": story(1, { categories: "[World]" }) });
    const out = join(root, "out");
    const feeds = { feeds: [{ path: "picks", title: "Picks", filter: { categories: ["World"] } }] };
    const b = (c: Config) => build({ config: c, stories: join(root, "stories"), out, now: NOW });
    await b(config(feeds));
    expect(existsSync(join(out, "picks/rss.xml.br"))).toBe(true);
    await b(config());
    expect(listing(out).filter((f) => f.startsWith("picks/"))).toEqual([]);
    await b(config({ precompress: false }));
    expect(listing(out).filter((f) => /\.(gz|br)$/.test(f))).toEqual([]);
  });

  it("are written by the watcher with each rebuilt feed", async () => {
    const root = makeTree({ "stories/s1.md": story(1) });
    const out = join(root, "out");
    const w = await watch({ config: config(), stories: join(root, "stories"), out, log: () => {} });
    try {
      expectSiblingsMatch(out);
      writeFileSync(join(root, "stories/s2.md"), story(2, { title: '"Fresh from the watcher"' }));
      for (let i = 0; i < 400 && !gunzipSync(readFileSync(join(out, "rss.xml.gz"))).toString().includes("Fresh from the watcher"); i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(brotliDecompressSync(readFileSync(join(out, "rss.xml.br"))).toString()).toContain("Fresh from the watcher");
      expectSiblingsMatch(out);
    } finally {
      await w.close();
    }
  });
});
