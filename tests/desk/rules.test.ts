/**
 * The wire desk's rules, each through `build` with a fixed `now`: embargo, hold, kill (with an
 * RFC 6721 tombstone), corrections, the version rule across builds (the build cache remembers
 * what was published), duplicates, desk and config-defined feeds with index.json, and RFC 5005
 * archive pages. Every output folder is judged by the independent validators.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { build, check } from "../../src/build/build.js";
import { validateConfig, type Config } from "../../src/config/config.js";
import { archivePages, deskSlugs, slugify } from "../../src/plan/feeds.js";
import { applyVersionRule } from "../../src/desk/versions.js";
import { correctionHtml, withoutCorrection } from "../../src/desk/corrections.js";
import { duplicateStories } from "../../src/desk/duplicates.js";
import type { Story } from "../../src/model/story.js";
import { expectValidFeeds } from "../support/judge.js";
import { makeTree, storyText } from "../support/tree.js";
import { xmlXPath } from "../validators.js";
import { testConfig } from "../support/config.js";

const NOW = new Date("2026-11-24T12:00:00Z");
const SITE = "https://wire.example.org/";
const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

function config(extra: Record<string, unknown> = {}): Config {
  return testConfig({ siteUrl: SITE, publisher: "Example Desk", ...extra });
}

/** A story file: `n` sets a distinct title, body and publication hour (later n = newer). */
function story(n: number, fields: Record<string, string> = {}, body = `Body of story ${n}.\n`): string {
  const hour = String(n).padStart(2, "0");
  return storyText({ title: `"Story ${n}"`, published: `2026-11-20T${hour}:00:00Z`, ...fields }, body);
}

function run(root: string, now = NOW, extra: Record<string, unknown> = {}) {
  return build({ config: config(extra), stories: join(root, "stories"), out: join(root, "out"), now });
}

/** Every output file (not the build cache) by path, as text. */
function outputs(out: string): Record<string, string> {
  return Object.fromEntries(readdirSync(out, { recursive: true, encoding: "utf8" })
    .filter((f) => !f.split("/").some((p) => p.startsWith(".")) && statSync(join(out, f)).isFile()).sort()
    .map((f) => [f, readFileSync(join(out, f), "utf8")]));
}

/** Every feed folder of an output folder (those holding atom.xml), relative, `""` for the main one. */
function feedFolders(out: string): string[] {
  return Object.keys(outputs(out)).filter((f) => f.endsWith("atom.xml")).map((f) => f.slice(0, -"atom.xml".length));
}

/** Judges every feed folder with the independent validators. */
function expectAllValid(out: string): void {
  for (const folder of feedFolders(out)) expectValidFeeds(join(out, folder));
}

const json = (out: string, folder = "") => JSON.parse(readFileSync(join(out, folder, "feed.json"), "utf8"));
const ids = (out: string, folder = ""): string[] => json(out, folder).items.map((i: { id: string }) => i.id.slice(`${SITE}stories/`.length));
const index = (out: string) => JSON.parse(readFileSync(join(out, "index.json"), "utf8"));
const errors = (r: { diagnostics: { severity: string }[] }) => r.diagnostics.filter((d) => d.severity === "error");

describe("embargo", () => {
  it("keeps a story out of every output until the instant, reports when, then publishes it everywhere", async () => {
    const root = makeTree({
      "stories/s1.md": story(1, { categories: "[World]" }),
      "stories/s2.md": story(2, { categories: "[World]" }),
      "stories/s3.md": story(3),
      // Old enough to sit on archive page 1 once it is out, and alone in its desk.
      "stories/secret.md": story(0, { title: '"Merger agreed"', categories: "[Deals, World]", embargo: "2026-11-24T18:00:00Z" }),
    });
    const before = await run(root, NOW, { items: 1 });
    expect(errors(before)).toEqual([]);
    expect(before.nextEmbargo?.toISOString()).toBe("2026-11-24T18:00:00.000Z");
    const out = join(root, "out");
    for (const [file, text] of Object.entries(outputs(out))) {
      expect(text, file).not.toContain("Merger");
      expect(text, file).not.toContain("secret");
      expect(text, file).not.toContain("Deals");
    }
    expect(ids(out, "archive/1/")).toEqual(["s1"]); // the embargoed story takes no place yet
    expectAllValid(out);

    const after = await run(root, new Date("2026-11-24T18:00:00Z"), { items: 1 });
    expect(after.nextEmbargo).toBeUndefined();
    expect(ids(out, "archive/1/")).toEqual(["secret"]);
    expect(ids(out, "categories/deals/")).toEqual(["secret"]);
    expect(index(out).feeds.map((f: { path: string }) => f.path)).toContain("categories/deals");
    expectAllValid(out);
  });

  it("is announced by the CLI", () => {
    const cwd = makeTree({ "stories/a.md": story(1, { embargo: "2026-11-24T18:00:00Z" }) });
    const r = spawnSync(process.execPath, [CLI, "build", "--now", "2026-11-24T12:00:00Z"], { cwd, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("0 published");
    expect(r.stdout).toContain("wirefeed: next embargo lifts at 2026-11-24T18:00:00.000Z");
  });
});

describe("hold", () => {
  it("keeps a withheld story out of every output, desk and index included", async () => {
    const root = makeTree({
      "stories/a.md": story(1),
      "stories/held.md": story(2, { title: '"Held back"', status: "withheld", categories: "[Courts]" }),
    });
    const result = await run(root);
    expect(result.published).toBe(1);
    const out = join(root, "out");
    for (const [file, text] of Object.entries(outputs(out))) expect(text, file).not.toMatch(/Held back|held|Courts/);
    expect(existsSync(join(out, "categories"))).toBe(false);
    expectAllValid(out);
  });
});

describe("kill", () => {
  it("removes the story from every feed, with a tombstone in Atom and _wire.deleted in JSON Feed", async () => {
    const root = makeTree({
      "stories/a.md": story(1, { categories: "[World]" }),
      "stories/b.md": story(2, { categories: "[World]", updated: "2026-11-21T08:30:00Z" }),
      "stories/c.md": story(3, { categories: "[World]" }),
    });
    const out = join(root, "out");
    await run(root);
    expect(ids(out)).toEqual(["c", "b", "a"]);
    writeFileSync(join(root, "stories/b.md"), story(2, { categories: "[World]", updated: "2026-11-21T08:30:00Z", status: "canceled" }));
    const killed = await run(root);
    expect(errors(killed)).toEqual([]);
    for (const folder of ["", "categories/world/"]) {
      expect(ids(out, folder)).toEqual(["c", "a"]);
      const { atom, rss } = expectValidFeeds(join(out, folder)); // xmllint RELAX NG + Schematron, feedparser non-bozo
      expect(atom.entries.map((e) => e.id)).not.toContain(`${SITE}stories/b`);
      expect(rss.entries.map((e) => e.id)).not.toContain(`${SITE}stories/b`);
      const atomFile = join(out, folder, "atom.xml");
      expect(xmlXPath(atomFile, "string(/*/*[local-name()='deleted-entry' and namespace-uri()='http://purl.org/atompub/tombstones/1.0']/@ref)"))
        .toBe(`${SITE}stories/b`);
      expect(xmlXPath(atomFile, "string(//*[local-name()='deleted-entry']/@when)")).toBe("2026-11-21T08:30:00.000Z");
      expect(json(out, folder)._wire.deleted).toEqual([{ id: `${SITE}stories/b`, when: "2026-11-21T08:30:00.000Z" }]);
      expect(readFileSync(join(out, folder, "rss.xml"), "utf8")).not.toContain("stories/b");
    }
    // Without `updated`, the tombstone is dated by `published`: never the clock.
    writeFileSync(join(root, "stories/b.md"), story(2, { categories: "[World]", status: "canceled" }));
    await run(root, new Date("2027-01-01T00:00:00Z"));
    expect(json(out)._wire.deleted).toEqual([{ id: `${SITE}stories/b`, when: "2026-11-20T02:00:00.000Z" }]);
    expect(ids(out)).toEqual(["c", "a"]); // never returns on its own
    // Only a change of status brings it back.
    writeFileSync(join(root, "stories/b.md"), story(2, { categories: "[World]", status: "usable", version: "2" }));
    await run(root);
    expect(ids(out)).toEqual(["c", "b", "a"]);
    expect(json(out)._wire.deleted).toBeUndefined();
    expect(readFileSync(join(out, "atom.xml"), "utf8")).not.toContain("deleted-entry");
    expectAllValid(out);
  });
});

describe("corrections", () => {
  it("keeps the id, appends the note under a heading in every format, and carries version, correction and updated", async () => {
    const root = makeTree({ "stories/a.md": story(1) });
    const out = join(root, "out");
    await run(root);
    const firstId = json(out).items[0].id;
    writeFileSync(join(root, "stories/a.md"), story(1, {
      version: "2", updated: "2026-11-22T10:00:00Z", correction: `"An earlier version misspelled the <minister>'s name & title."`,
    }));
    const result = await run(root);
    expect(errors(result)).toEqual([]);
    const { rss, atom, json: feed } = expectValidFeeds(out);
    const item = feed.items[0];
    expect(item.id).toBe(firstId);
    expect(item._wire).toMatchObject({ version: 2, correction: "An earlier version misspelled the <minister>’s name & title." });
    expect(item.date_modified).toBe("2026-11-22T10:00:00.000Z");
    const note = "<h2>Correction</h2>\n<p>An earlier version misspelled the &#60;minister&#62;’s name &#38; title.</p>";
    expect(item.content_html).toContain(`<p>Body of story 1.</p>`);
    // The note ends the story; only the credit line (#22) follows it.
    const credit = /\n<p class="wire-credit">[^<]*<\/p>$/;
    expect(item.content_html).toMatch(credit);
    expect(item.content_html.replace(credit, "").endsWith(note)).toBe(true);
    expect(readFileSync(join(out, "rss.xml"), "utf8")).toContain(note); // inside CDATA, verbatim
    expect(xmlXPath(join(out, "atom.xml"), "string(//*[local-name()='entry']/*[local-name()='content'])").replace(credit, "").endsWith(note)).toBe(true);
    expect(xmlXPath(join(out, "atom.xml"), "string(//*[local-name()='entry']/*[local-name()='updated'])")).toBe("2026-11-22T10:00:00.000Z");
    expect(xmlXPath(join(out, "rss.xml"), "string(//item/*[local-name()='modified'])")).toBe("2026-11-22T10:00:00.000Z");
    // What a reader shows: the heading and the escaped note as text, not markup.
    for (const entry of [rss.entries[0]!, atom.entries[0]!]) {
      expect(entry.id).toBe(firstId);
      expect(entry.content.join("")).toContain("Correction");
      expect(entry.content.join("")).toMatch(/&(#60|lt);minister&(#62|gt);/);
    }
  });
});

describe("version rule", () => {
  it("refuses an edit that lowers the published version, keeps the published one (body too), and accepts a higher one", async () => {
    const root = makeTree({ "stories/a.md": story(1, { version: "3", title: '"Original headline"' }, "Original body.\n") });
    const out = join(root, "out");
    // The library and the CLI share the build record when they name the same config file.
    const configText = JSON.stringify({ siteUrl: SITE, publisher: "Example Desk" });
    writeFileSync(join(root, "wirefeed.config.json"), configText);
    const run = () => build({ config: config(), configText, stories: join(root, "stories"), out, now: NOW });
    await run();
    writeFileSync(join(root, "stories/a.md"), story(1, { version: "2", title: '"Lowered headline"' }, "Lowered body.\n"));
    const lowered = await run();
    expect(errors(lowered)).toMatchObject([{ file: "a.md", rule: "version-lowered", severity: "error" }]);
    expect(lowered.diagnostics[0]!.message).toContain("version 2 is lower than version 3");
    const item = json(out).items[0];
    expect(item).toMatchObject({ title: "Original headline", _wire: { version: 3 } });
    expect(item.content_html).toContain("Original body.");
    expect((await check({ config: config(), configText, stories: join(root, "stories"), out, now: NOW })).diagnostics)
      .toMatchObject([{ rule: "version-lowered" }]);
    // Still refused on the next build (the record still remembers version 3), and the CLI exits 1;
    // the story touched, so that the build is a full one and not the last report replayed.
    utimesSync(join(root, "stories/a.md"), new Date("2026-11-20T00:00:00Z"), new Date("2026-11-20T00:00:00Z"));
    const again = spawnSync(process.execPath, [CLI, "build", "--out", out, "--now", NOW.toISOString()], { cwd: root, encoding: "utf8" });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("[version-lowered]");
    expect(json(out).items[0].content_html).toContain("Original body.");
    expectValidFeeds(out);
    writeFileSync(join(root, "stories/a.md"), story(1, { version: "4", title: '"Fixed headline"' }, "Fixed body.\n"));
    const fixed = await run();
    expect(errors(fixed)).toEqual([]);
    expect(json(out).items[0]).toMatchObject({ title: "Fixed headline", _wire: { version: 4 } });
  });

  it("keeps a lowered story on an archive page as published, even when that page is rendered again", async () => {
    const root = makeTree({
      "stories/s1.md": story(1, { version: "2" }, "First, as published.\n"),
      "stories/s2.md": story(2),
      "stories/s3.md": story(3),
    });
    const out = join(root, "out");
    await run(root, NOW, { items: 2 });
    expect(ids(out, "archive/1/")).toEqual(["s2", "s1"]);
    const page = join(out, "archive/1/feed.json");
    const inode = statSync(page).ino;
    writeFileSync(join(root, "stories/s1.md"), story(1, { version: "1" }, "First, lowered.\n"));
    const lowered = await run(root, NOW, { items: 2 });
    expect(errors(lowered)).toMatchObject([{ rule: "version-lowered" }]);
    expect(lowered.written).not.toContain("archive/1/feed.json");
    expect(statSync(page).ino).toBe(inode); // not even rendered again
    // Another story on the page is killed: the page is rendered again, the kept story as published.
    writeFileSync(join(root, "stories/s2.md"), story(2, { status: "canceled" }));
    await run(root, NOW, { items: 2 });
    const item = json(out, "archive/1/").items[0];
    expect(ids(out, "archive/1/")).toEqual(["s1"]);
    expect(item._wire.version).toBe(2);
    expect(item.content_html).toContain("First, as published.");
    expectAllValid(out);
  });
});

describe("duplicates", () => {
  it("keeps the first file with an id, names both in the error, and the CLI exits 1", () => {
    const cwd = makeTree({
      "stories/a.md": story(1, { id: "same", title: '"First"' }),
      "stories/b.md": story(2, { id: "same", title: '"Second"' }),
    });
    const r = spawnSync(process.execPath, [CLI, "build", "--now", NOW.toISOString()], { cwd, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^b\.md:1:1 {2}error {2}.*a\.md.* {2}\[duplicate-id\]$/m);
    expect(JSON.parse(readFileSync(join(cwd, "output/feed.json"), "utf8")).items.map((i: { title: string }) => i.title)).toEqual(["First"]);
  });

  it("warns when two ids carry the same headline and body, naming the other file, and publishes both", async () => {
    const root = makeTree({
      "stories/a.md": story(1, { id: "nw-1", title: '"Same headline"' }, "Same body.\n"),
      "stories/b.md": story(2, { id: "nw-2", title: '"Same headline"' }, "Same body.\n"),
      "stories/c.md": story(3, { id: "nw-3", title: '"Same headline"' }, "Another body.\n"),
    });
    const result = await run(root);
    expect(result.diagnostics).toMatchObject([{ file: "b.md", severity: "warning", rule: "duplicate-story" }]);
    expect(result.diagnostics[0]!.message).toContain("a.md");
    expect(result.published).toBe(3);
  });
});

describe("desk feeds and index.json", () => {
  it("writes a valid feed per category with its own URLs, lists every feed in index.json, and removes a desk left empty", async () => {
    const root = makeTree({
      "stories/a.md": story(1, { categories: `[World, "Côte d'Ivoire"]` }),
      "stories/b.md": story(2, { categories: `["cote d'ivoire", Markets]` }),
      "stories/c.md": story(3, { categories: "[world]" }),
      "stories/d.md": story(4),
    });
    const out = join(root, "out");
    await run(root);
    const desks = index(out).feeds.filter((f: { kind: string }) => f.kind === "category");
    // "cote d'ivoire" and "Côte d'Ivoire" are two desks with one slug: the first by name keeps it.
    expect(desks.map((f: { path: string; category: string; items: number }) => [f.path, f.category, f.items])).toEqual([
      ["categories/cote-d-ivoire", "cote d'ivoire", 1],
      [expect.stringMatching(/^categories\/cote-d-ivoire-[0-9a-f]{6}$/), "Côte d'Ivoire", 1],
      ["categories/markets", "Markets", 1],
      ["categories/world", "World", 2], // "World" and "world" are one desk
    ]);
    expect(index(out).feeds[0]).toEqual({
      kind: "main", title: "Wire stories", path: "", rss: `${SITE}rss.xml`, atom: `${SITE}atom.xml`, json: `${SITE}feed.json`, items: 4, archive_pages: 0,
    });
    expect(ids(out, "categories/world/")).toEqual(["c", "a"]);
    for (const desk of desks) {
      const folder = `${desk.path}/`;
      const { json: feed } = expectValidFeeds(join(out, folder));
      expect(feed.feed_url).toBe(`${SITE}${folder}feed.json`);
      expect(desk.json).toBe(`${SITE}${folder}feed.json`);
      expect(xmlXPath(join(out, folder, "atom.xml"), "string(/*/*[local-name()='id'])")).toBe(`${SITE}${folder}atom.xml`);
      expect(xmlXPath(join(out, folder, "atom.xml"), "string(/*/*[local-name()='link'][@rel='self']/@href)")).toBe(`${SITE}${folder}atom.xml`);
      expect(xmlXPath(join(out, folder, "rss.xml"), "string(//channel/*[local-name()='link'][@rel='self']/@href)")).toBe(`${SITE}${folder}rss.xml`);
    }
    // Markets loses its only story: its folder goes, and index.json no longer lists it.
    writeFileSync(join(root, "stories/b.md"), story(2, { categories: `["cote d'ivoire"]` }));
    const second = await run(root);
    expect(existsSync(join(out, "categories/markets"))).toBe(false);
    expect(second.removed).toEqual(["categories/markets/atom.html", "categories/markets/atom.xml", "categories/markets/feed.json", "categories/markets/rss.html", "categories/markets/rss.xml"]);
    expect(index(out).feeds.map((f: { path: string }) => f.path)).not.toContain("categories/markets");
    // The same as a build from nothing.
    const cold = join(root, "cold");
    await build({ config: config(), stories: join(root, "stories"), out: cold, now: NOW, cache: false });
    expect(outputs(out)).toEqual(outputs(cold));
  });

  it("slugs are lowercase ASCII without diacritics, and collisions resolve the same way every time", () => {
    expect(slugify("Côte d'Ivoire")).toBe("cote-d-ivoire");
    expect(slugify("  São Paulo / Économie  ")).toBe("sao-paulo-economie");
    expect(slugify("日本")).toBe("");
    const slugs = deskSlugs(["économie", "economie", "日本"]);
    expect(slugs.get("economie")).toBe("economie");
    expect(slugs.get("économie")).toMatch(/^economie-[0-9a-f]{6}$/);
    expect(slugs.get("日本")).toMatch(/^category-[0-9a-f]{6}$/);
    expect(deskSlugs(["日本", "economie", "économie"])).toEqual(slugs);
  });
});

describe("config-defined feeds", () => {
  const feeds = [{ path: "world-agencies", title: "World, agencies", description: "World stories from two agencies",
    filter: { categories: ["WORLD"], credits: ["northwind wire", "Harbor Press"], language: "en" } }];

  it("publishes the stories the filter picks, under the feed's own title and URLs, and lists it in index.json", async () => {
    const root = makeTree({
      "stories/a.md": story(1, { categories: "[World]" }),
      "stories/b.md": story(2, { categories: "[World]", credit: '"Harbor Press"', language: "en-GB" }),
      "stories/c.md": story(3, { categories: "[World]", credit: '"Other Agency"' }),
      "stories/d.md": story(4, { categories: "[World]", language: "fr" }),
      "stories/e.md": story(5, { categories: "[Sport]" }),
    });
    const out = join(root, "out");
    await run(root, NOW, { feeds });
    expect(ids(out, "world-agencies/")).toEqual(["b", "a"]);
    const { json: feed, atom } = expectValidFeeds(join(out, "world-agencies"));
    expect(feed).toMatchObject({ title: "World, agencies", description: "World stories from two agencies", feed_url: `${SITE}world-agencies/feed.json` });
    expect(atom.entries).toHaveLength(2);
    expect(index(out).feeds[1]).toMatchObject({ kind: "feed", path: "world-agencies", title: "World, agencies", items: 2, rss: `${SITE}world-agencies/rss.xml` });
    // Dropped from config: its files go with it.
    await run(root, NOW, {});
    expect(existsSync(join(out, "world-agencies"))).toBe(false);
  });

  it("rejects a bad path, wirefeed's own folders and a path used twice", () => {
    const problems = (f: unknown[]) => {
      const r = validateConfig({ feeds: f });
      return r.ok ? [] : r.problems;
    };
    expect(problems([{ path: "World Agencies", title: "x" }])[0]).toMatch(/^feeds\.0\.path: /);
    expect(problems([{ path: "categories/world", title: "x" }])[0]).toContain("wirefeed's own folders");
    expect(problems([{ path: "a", title: "x" }, { path: "a", title: "y" }])[0]).toContain("its own path");
    expect(problems([{ path: "a", title: "x", filter: { colour: "red" } }])).toHaveLength(1);
    expect(problems([{ path: "partners/world", title: "x" }])).toEqual([]);
  });
});

describe("archives (RFC 5005)", () => {
  const files = (out: string, page: number) => ["rss.xml", "atom.xml", "feed.json"].map((f) => join(out, `archive/${page}`, f));
  const stamp = (paths: string[]) => paths.map((p) => { const st = statSync(p); return `${st.ino}:${st.mtimeMs}`; });

  it("pages older stories in fixed pages, links them both ways, and never rewrites a full page for a new story", async () => {
    const root = makeTree(Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`stories/s${n}.md`, story(n)])));
    const out = join(root, "out");
    const first = await run(root, NOW, { items: 2 });
    expect(first.published).toBe(5);
    // Page 1 holds the two oldest, page 2 the next two; the current feed the newest two.
    expect(ids(out)).toEqual(["s5", "s4"]);
    expect(ids(out, "archive/1/")).toEqual(["s2", "s1"]);
    expect(ids(out, "archive/2/")).toEqual(["s4", "s3"]);
    expect(existsSync(join(out, "archive/3"))).toBe(false);
    const atomLink = (folder: string, rel: string) =>
      xmlXPath(join(out, folder, "atom.xml"), `string(/*/*[local-name()='link'][@rel='${rel}']/@href)`);
    const rssLink = (folder: string, rel: string) =>
      xmlXPath(join(out, folder, "rss.xml"), `string(//channel/*[local-name()='link'][@rel='${rel}']/@href)`);
    const isArchive = (folder: string, file: string) =>
      xmlXPath(join(out, folder, file), "count(/*//*[local-name()='archive' and namespace-uri()='http://purl.org/syndication/history/1.0'])");
    expect(atomLink("", "prev-archive")).toBe(`${SITE}archive/2/atom.xml`);
    expect(rssLink("", "prev-archive")).toBe(`${SITE}archive/2/rss.xml`);
    expect(isArchive("", "atom.xml")).toBe("0");
    for (const [folder, prev, next] of [["archive/1/", "", `${SITE}archive/2/atom.xml`], ["archive/2/", `${SITE}archive/1/atom.xml`, ""]] as const) {
      expect(isArchive(folder, "atom.xml")).toBe("1");
      expect(isArchive(folder, "rss.xml")).toBe("1");
      expect(atomLink(folder, "current")).toBe(`${SITE}atom.xml`);
      expect(rssLink(folder, "current")).toBe(`${SITE}rss.xml`);
      expect(atomLink(folder, "prev-archive")).toBe(prev);
      expect(atomLink(folder, "next-archive")).toBe(next);
      expect(atomLink(folder, "self")).toBe(`${SITE}${folder}atom.xml`);
    }
    expect(json(out).next_url).toBe(`${SITE}archive/2/feed.json`);
    expect(json(out, "archive/2/").next_url).toBe(`${SITE}archive/1/feed.json`);
    expect(json(out, "archive/1/").next_url).toBeUndefined();
    expect(json(out, "archive/1/")._wire.archive).toBe(true);
    expect(index(out).feeds[0]).toMatchObject({ archive_pages: 2, archive: { json: `${SITE}archive/2/feed.json` } });
    expectAllValid(out);

    // A new story: the current feed changes; no page is rendered again, let alone rewritten.
    const pages = stamp([...files(out, 1), ...files(out, 2)]);
    writeFileSync(join(root, "stories/s6.md"), story(6));
    const sixth = await run(root, NOW, { items: 2 });
    expect(ids(out)).toEqual(["s6", "s5"]);
    expect([...sixth.written, ...sixth.unchanged].filter((f) => f.startsWith("archive/"))).toEqual([]);
    expect(stamp([...files(out, 1), ...files(out, 2)])).toEqual(pages);

    // Another: page 3 appears; page 2 gains its next-archive link (RFC 5005); page 1 stays as it was.
    writeFileSync(join(root, "stories/s7.md"), story(7));
    const seventh = await run(root, NOW, { items: 2 });
    expect(ids(out, "archive/3/")).toEqual(["s6", "s5"]);
    // (JSON Feed links older pages only, with next_url, so page 2's feed.json keeps its bytes.)
    expect(seventh.written.filter((f) => f.startsWith("archive/")).sort()).toEqual([
      "archive/2/atom.xml", "archive/2/rss.xml", "archive/3/atom.xml", "archive/3/feed.json", "archive/3/rss.xml",
    ]);
    expect(atomLink("archive/2/", "next-archive")).toBe(`${SITE}archive/3/atom.xml`);
    expect(stamp(files(out, 1))).toEqual(pages.slice(0, 3));
    expectAllValid(out);

    // A correction to a story on page 1 rewrites page 1 (and only the pages that hold it).
    writeFileSync(join(root, "stories/s1.md"), story(1, { version: "2", updated: "2026-11-23T00:00:00Z", correction: '"Corrected."' }));
    const corrected = await run(root, NOW, { items: 2 });
    expect(corrected.written.filter((f) => f.startsWith("archive/")).sort()).toEqual(["archive/1/atom.xml", "archive/1/feed.json", "archive/1/rss.xml"]);
    expect(json(out, "archive/1/").items[1]._wire.correction).toBe("Corrected.");
    expect(stamp(files(out, 1))).not.toEqual(pages.slice(0, 3));

    // A kill on page 2: the page is rewritten without it and with its tombstone; no page moves.
    writeFileSync(join(root, "stories/s3.md"), story(3, { status: "canceled" }));
    const killed = await run(root, NOW, { items: 2 });
    expect(killed.written.filter((f) => f.startsWith("archive/")).sort()).toEqual(["archive/2/atom.xml", "archive/2/feed.json", "archive/2/rss.xml"]);
    expect(ids(out, "archive/2/")).toEqual(["s4"]);
    expect(json(out, "archive/2/")._wire.deleted).toEqual([{ id: `${SITE}stories/s3`, when: "2026-11-20T03:00:00.000Z" }]);
    expect(ids(out, "archive/3/")).toEqual(["s6", "s5"]);
    expectAllValid(out);

    // Fewer stories: pages no longer needed are removed; the result is what a build from nothing gives.
    for (const n of [5, 6, 7]) rmSync(join(root, `stories/s${n}.md`));
    const fewer = await run(root, NOW, { items: 2 });
    expect(fewer.removed).toEqual(["archive/2/atom.xml", "archive/2/feed.json", "archive/2/rss.xml", "archive/3/atom.xml", "archive/3/feed.json", "archive/3/rss.xml"]);
    const cold = join(root, "cold");
    await build({ config: config({ items: 2 }), stories: join(root, "stories"), out: cold, now: NOW, cache: false });
    expect(outputs(out)).toEqual(outputs(cold));
  });

  it("partitions by place: held, killed and embargo-free stories keep theirs; embargoed ones take none yet", () => {
    const s = (id: string, hour: number, extra: Partial<Story> = {}): Story => ({
      id, file: `${id}.md`, title: id, published: new Date(Date.UTC(2026, 10, 20, hour)), byline: ["A"], credit: "C", copyright: "©",
      summary: "", contentHtml: "", categories: [], link: `${SITE}${id}`, status: "usable", version: 1, ...extra,
    });
    const newestFirst = [s("f", 6), s("e", 5, { embargo: new Date("2026-12-01T00:00:00Z") }), s("d", 4), s("c", 3, { status: "canceled" }), s("b", 2, { status: "withheld" }), s("a", 1)];
    expect(archivePages(newestFirst, 2, NOW).map((p) => p.map((x) => x.id))).toEqual([["b", "a"], ["d", "c"]]);
    expect(archivePages(newestFirst.slice(0, 2), 2, NOW)).toEqual([]); // the newest page is the current feed's
  });
});

describe("rules, pure", () => {
  const base: Story = {
    id: "x", file: "x.md", title: "T", published: new Date("2026-11-20T00:00:00Z"), byline: ["A"], credit: "C", copyright: "©",
    summary: "", contentHtml: "", categories: [], link: `${SITE}x`, status: "usable", version: 3, bodyHash: "h",
  };

  it("applyVersionRule keeps the release for a lower version only", () => {
    const released = new Map([["x", { version: 3, story: base }]]);
    const lower = applyVersionRule([{ ...base, version: 2, title: "New" }], released);
    expect(lower.stories[0]).toBe(base);
    expect(lower.diagnostics).toMatchObject([{ rule: "version-lowered", file: "x.md" }]);
    const same = applyVersionRule([{ ...base, title: "New" }], released);
    expect(same.stories[0]!.title).toBe("New");
    expect(same.diagnostics).toEqual([]);
  });

  it("duplicateStories needs the same headline and the same body under another id", () => {
    expect(duplicateStories([base, { ...base, id: "y", file: "a.md" }])).toMatchObject([{ file: "x.md", rule: "duplicate-story" }]);
    expect(duplicateStories([base, { ...base, id: "y", file: "y.md", bodyHash: "other" }])).toEqual([]);
    expect(duplicateStories([base, { ...base, id: "y", file: "y.md", title: "Other" }])).toEqual([]);
  });

  it("the correction block is escaped and can be taken off again", () => {
    const html = `<p>Body</p>${correctionHtml(`<b>&"'`)}`;
    expect(html).toBe(`<p>Body</p>\n<h2>Correction</h2>\n<p>&#60;b&#62;&#38;&#34;&#39;</p>`);
    expect(withoutCorrection(html, `<b>&"'`)).toBe("<p>Body</p>");
  });
});
