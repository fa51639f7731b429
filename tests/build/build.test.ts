import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import type { Config } from "../../src/config/config.js";
import { listStories } from "../../src/ingest/read.js";
import { expectValidFeeds } from "../support/judge.js";
import { makeTree, storyText } from "../support/tree.js";
import { testConfig } from "../support/config.js";

/** The benchmark's deterministic corpus generator. */
const MAKE_CORPUS = fileURLToPath(new URL("../../bench/make-corpus.mjs", import.meta.url));
/** The seed: a real wire story as it arrives, raw; bundled with the stories `npm start` builds. */
const SEED = fileURLToPath(new URL("../../stories/abc-audio-idlib-strikes.txt", import.meta.url));
const VALID = fileURLToPath(new URL("../fixtures/stories/valid/", import.meta.url));
const NOW = new Date("2026-11-24T12:00:00Z");

function config(extra: Record<string, unknown> = {}): Config {
  return testConfig({ siteUrl: "https://wire.example.org/", publisher: "Example Desk", ...extra });
}

/** The feed files of an output folder (not the build cache, a dotfile). */
const feeds = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" })
  .filter((f) => !f.split("/").some((p) => p.startsWith(".")) && statSync(join(dir, f)).isFile()).sort();
const read = (dir: string) => Object.fromEntries(feeds(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));

describe("build: the seed story end to end", () => {
  const root = makeTree({});
  mkdirSync(join(root, "stories"));
  copyFileSync(SEED, join(root, "stories/abc-audio-idlib-strikes.txt"));

  it("publishes it attributed, repaired and valid in all three formats", async () => {
    const result = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // Not in a git repository: dated when this build, the first, saw it.
    expect(result.diagnostics.map((d) => d.rule)).toEqual(["published-from-first-build"]);
    expect(result.stories[0]?.published).toEqual(NOW);
    const { rss, atom, json } = expectValidFeeds(join(root, "out"));
    for (const entry of [rss.entries[0]!, atom.entries[0]!]) {
      expect(entry.title).toBe("Russia denies responsibility after strikes kill at least 33 Turkish troops in Syria");
      expect(entry.rights).toBe("Copyright © 2020, ABC Audio. All rights reserved.");
      expect(entry.author).toBe("ABC Audio");
      expect(entry.source).toBe("ABC Audio");
      expect(entry.coverage).toBe("MOSCOW");
    }
    const item = json.items[0];
    expect(item._wire).toMatchObject({ credit: "ABC Audio", dateline: "MOSCOW", copyright: "Copyright © 2020, ABC Audio. All rights reserved." });
    // The body, then the credit line (#22), which carries the notice taken out of the body.
    const [html, credit] = (item.content_html as string).split('\n<p class="wire-credit">') as [string, string];
    expect(credit).toBe("By ABC Audio · ABC Audio · Copyright © 2020, ABC Audio. All rights reserved.</p>");
    for (const gone of ["Free News Delivery", "Leave a Reply", "Your email address", "Would you like", ".Copyright", "All rights reserved"]) {
      expect(html).not.toContain(gone);
    }
    const paragraphs = [...html.matchAll(/<p>(.*?)<\/p>/g)].map((m) => m[1]!);
    expect(paragraphs[0]).toMatch(/^Russia’s military has denied .* Syria’s civil war\.$/);
    expect(paragraphs[1]).toMatch(/^Turkey has said at least 33/);
    expect(paragraphs.some((p) => p.startsWith("“On 27 February, in the area of the village of Behun"))).toBe(true);
    expect(paragraphs.some((p) => p.startsWith("“We had a national security meeting"))).toBe(true);
    expect(paragraphs.some((p) => p.includes("U.S. Sen. Lindsey Graham said"))).toBe(true);
    expect(paragraphs.some((p) => p.includes("according to the U.N., and around 300"))).toBe(true);
    expect(paragraphs.at(-1)).toMatch(/trying to reach Europe\.$/);
    expect(paragraphs.some((p) => p.startsWith("”"))).toBe(false);
  });
});

describe("build: fixed stories", () => {
  const root = makeTree({});
  mkdirSync(join(root, "stories"));
  for (const f of readdirSync(VALID)) copyFileSync(join(VALID, f), join(root, "stories", f));

  it("writes three valid feeds with attribution on every item, and the same id in each format", async () => {
    const result = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.read).toBe(4);
    expect(result.published).toBe(4);
    expect(result.written.filter((f) => !f.includes("/")).sort()).toEqual(
      ["atom.html", "atom.xml", "feed.json", "feed.xsl", "index.html", "index.json", "rss.html", "rss.xml"]);
    const { rss, atom, json } = expectValidFeeds(join(root, "out"));
    const ids = json.items.map((i: { id: string }) => i.id);
    expect(rss.entries.map((e) => e.id)).toEqual(ids);
    expect(atom.entries.map((e) => e.id)).toEqual(ids);
    for (const item of json.items) {
      expect(item.authors.length).toBeGreaterThan(0);
      expect(item._wire.copyright).toBeTruthy();
      expect(item._wire.credit).toBeTruthy();
    }
    const published = json.items.map((i: { date_published: string }) => i.date_published);
    expect([...published].sort().reverse()).toEqual(published);
  });

  it("rewrites nothing when nothing changed, and is byte-identical", async () => {
    const before = read(join(root, "out"));
    const mtimes = feeds(join(root, "out")).map((f) => statSync(join(root, "out", f)).mtimeMs);
    const again = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    expect(again.written).toEqual([]);
    expect(read(join(root, "out"))).toEqual(before);
    expect(feeds(join(root, "out")).map((f) => statSync(join(root, "out", f)).mtimeMs)).toEqual(mtimes);
  });
});

describe("build: bad stories cost only themselves", () => {
  it("publishes every good story, reports the bad with positions, and stays valid", async () => {
    const root = makeTree({
      "stories/good.md": storyText(),
      "stories/no-copyright.md": storyText({ copyright: "" }),
      "stories/bad-date.md": storyText({ published: "2024-02-30" }),
      "stories/misspelt.md": storyText({ copyrite: '"x"' }),
      "stories/raw-unattributed.txt": "Headline\n\nBody text without any notice.\n",
    });
    const result = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    const rules = result.diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.rule}`);
    expect(rules).toContain("no-copyright.md:1 error missing-copyright");
    expect(rules).toContain("bad-date.md:3 error invalid-published");
    expect(rules).toContain("misspelt.md:7 warning unknown-field");
    expect(rules).toContain("raw-unattributed.txt:1 error missing-copyright");
    expect(result.published).toBe(2);
    const { json } = expectValidFeeds(join(root, "out"));
    expect(json.items.map((i: { id: string }) => i.id.split("/").pop()).sort()).toEqual(["good", "misspelt"]);
  });

  it("keeps the first of two files with the same id and names both", async () => {
    const root = makeTree({
      "stories/a.md": storyText({ id: "same", title: "First" }),
      "stories/b.md": storyText({ id: "same", title: "Second" }),
    });
    const result = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    expect(result.diagnostics).toMatchObject([{ file: "b.md", severity: "error", rule: "duplicate-id" }]);
    expect(result.diagnostics[0]!.message).toContain("a.md");
    expect(JSON.parse(readFileSync(join(root, "out/feed.json"), "utf8")).items.map((i: { title: string }) => i.title)).toEqual(["First"]);
  });

  it("credits the configured publisher when a story names no credit, and errors with neither", async () => {
    const root = makeTree({ "stories/a.md": storyText({ credit: "", byline: "" }) });
    const withPublisher = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    expect(withPublisher.stories[0]).toMatchObject({ credit: "Example Desk", byline: ["Example Desk"] });
    const without = await build({ config: config({ publisher: undefined }), stories: join(root, "stories"), out: join(root, "out2"), now: NOW });
    expect(without.diagnostics).toMatchObject([{ rule: "missing-attribution", severity: "error" }]);
  });
});

describe("build: a 300-story corpus", () => {
  it("builds without errors, twice, byte-identical, and valid", async () => {
    const root = makeTree({});
    execFileSync(process.execPath, [MAKE_CORPUS, "300", join(root, "stories"), "--raw-every", "10"]);
    const first = await build({ config: config(), stories: join(root, "stories"), out: join(root, "a"), now: NOW });
    const second = await build({ config: config(), stories: join(root, "stories"), out: join(root, "b"), now: NOW });
    expect(first.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(first.read).toBe(300);
    expect(first.published).toBe(300); // 50 in the feed, the rest on archive pages
    expect(read(join(root, "b"))).toEqual(read(join(root, "a")));
    expectValidFeeds(join(root, "a"));
  });
});

describe("build: many stories, parsed and rendered on every core", () => {
  it("gives the same files from the compiled CLI (worker threads) as from one thread", async () => {
    const root = makeTree({ "wirefeed.config.json": JSON.stringify({ siteUrl: "https://wire.example.org/", publisher: "Example Desk" }) });
    execFileSync(process.execPath, [MAKE_CORPUS, "2500", join(root, "stories"), "--raw-every", "10"]);
    // Run from TypeScript sources the worker cannot start, so this build parses in one thread.
    const single = await build({ config: config(), stories: join(root, "stories"), out: join(root, "single"), now: NOW, cache: false, parallel: false });
    const cli = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
    execFileSync(process.execPath, [cli, "build", "--stories", join(root, "stories"), "--out", join(root, "multi"), "--now", NOW.toISOString()], {
      cwd: root, env: { ...process.env }, stdio: "pipe",
    });
    expect(single.read).toBe(2500);
    // Every file, archive pages included (2,500 stories make 49 of them).
    const all = (dir: string) => Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && !d.name.startsWith("."))
      .map((d) => join(d.parentPath, d.name)).sort().map((p) => [p.slice(dir.length), readFileSync(p, "utf8")]));
    const multi = all(join(root, "multi"));
    const archive = Object.keys(multi).filter((f) => f.startsWith("/archive/"));
    expect(archive.filter((f) => !/\.(gz|br)$/.test(f)).length).toBe(49 * 3);
    // Each with its gzip and brotli siblings (config precompress, on by default).
    expect(archive.length).toBe(49 * 9);
    expect(multi).toEqual(all(join(root, "single")));
    // Run from TypeScript sources the worker threads cannot start: their shares fall back to this
    // thread, and the files are still the same.
    await build({ config: config(), stories: join(root, "stories"), out: join(root, "fallback"), now: NOW, cache: false });
    expect(all(join(root, "fallback"))).toEqual(multi);
    // Three cold builds of 2,500 stories, each writing every page with its two siblings.
  }, 90_000);
});

describe("build: output safety", () => {
  it("writes nothing outside the output folder, and never reads the output folder as stories, even inside stories/", async () => {
    const root = makeTree({ "stories/a.md": storyText(), "stories/desk/b.md": storyText({ id: "b", title: '"Bravo"' }) });
    const listAll = () => readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name).slice(root.length + 1)).sort();
    const before = listAll();
    const out = join(root, "stories", "feeds");
    const first = await build({ config: config(), stories: join(root, "stories"), out, now: NOW });
    const second = await build({ config: config(), stories: join(root, "stories"), out, now: NOW });
    const added = listAll().filter((f) => !before.includes(f));
    expect(added.length).toBeGreaterThan(0);
    expect(added.filter((f) => !f.startsWith("stories/feeds/"))).toEqual([]);
    expect(second.read).toBe(first.read);
    expect(second.read).toBe(2);
    expect(second.diagnostics).toEqual(first.diagnostics);
  });
});

describe("build: a listing made just before", () => {
  it("is used for the same stories and output folders, and ignored for others", async () => {
    const root = makeTree({
      "stories/a.md": storyText({ title: '"Alpha"', published: "2026-11-20T09:00:00Z" }),
      "stories/b.md": storyText({ title: '"Bravo"', published: "2026-11-21T09:00:00Z" }),
    });
    const stories = join(root, "stories");
    const out = join(root, "out");
    const listing = await listStories(stories, out);
    // A listing made before b.md existed, as the up-to-date check may have: the build sees what it saw.
    const before = { ...listing, files: listing.files.filter((f) => f.file === "a.md") };
    const used = await build({ config: config(), stories, out, now: NOW, listed: { stories, out, listing: before } });
    expect(used.stories.map((s) => s.title)).toEqual(["Alpha"]);
    const other = await build({ config: config(), stories, out, now: NOW, listed: { stories: join(root, "elsewhere"), out, listing: before } });
    expect(other.stories.map((s) => s.title).sort()).toEqual(["Alpha", "Bravo"]);
  });
});

describe("build: what the stories folder holds that is not a story", () => {
  it("skips dotfiles, hidden folders and editor temporaries, even when they hold a whole story", async () => {
    // Each holds a valid story with an id of its own: read, it would be published.
    const names = [".hidden.md", ".#lock.md", ".drafts/draft.md", "a.md.swp", "a.md~", "4913", "notes.docx"];
    const root = makeTree({
      "stories/a.md": storyText({ id: "a" }),
      ...Object.fromEntries(names.map((name, i) => [`stories/${name}`, storyText({ id: `ignored-${i}` })])),
    });
    const result = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    expect(result.stories.map((s) => s.id)).toEqual(["a"]);
    expect(result.diagnostics).toEqual([]);
    expect(JSON.parse(readFileSync(join(root, "out/feed.json"), "utf8")).items.map((i: { id: string }) => i.id)).toEqual(["https://wire.example.org/stories/a"]);
  });
});
