import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { embargoWindow, OLD_FILES, readHead, RECORD_FILE, standing, stateKey } from "../../src/state/record.js";
import { saveCache } from "../../src/state/cache.js";
import { hashBytes } from "../../src/ingest/hash.js";
import { defaultConfig } from "../../src/config/config.js";
import { FIRST_SEEN_FILE } from "../../src/state/first-seen.js";
import { age, makeTree, storyText } from "../support/tree.js";

// The up-to-date check lives in the CLI (it runs before the pipeline is even loaded), so these
// tests drive the compiled CLI, as `npm test` builds it first.
const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const NOW = "2026-11-24T12:00:00Z";

function wirefeed(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, "build", ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, quick: r.stdout.includes("nothing changed") };
}

/** Every output file (dotfiles aside) with its bytes. */
function outputs(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => !f.split("/").some((p) => p.startsWith(".")) && /\.\w+$/.test(f)).sort()
    .map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

function desk(): string {
  const root = makeTree({
    "stories/a.md": storyText({ title: '"Alpha"', published: "2026-11-20T09:00:00Z" }),
    "stories/b.md": storyText({ title: '"Bravo"', published: "2026-11-21T09:00:00Z", embargo: "2026-11-25T06:00:00Z" }),
    "stories/world/c.md": storyText({ title: '"Charlie"', published: "2026-11-22T09:00:00Z", copyright: "" }),
    "stories/d.txt": "Delta headline\n\n(GENEVA) — Delta body.\n\nCopyright © 2026, Lakeside Bulletin. All rights reserved.\n",
  });
  for (const f of ["a.md", "b.md", "world/c.md", "d.txt"]) age(join(root, "stories", f));
  return root;
}

/**
 * After `change`, the next build is a full one, and its outputs and report are a cold build's;
 * the build after that is quick again.
 */
function expectRebuiltAfter(change: (root: string) => void, now = NOW) {
  const root = desk();
  expect(wirefeed(root, "--now", NOW).quick).toBe(false);
  expect(wirefeed(root, "--now", NOW).quick).toBe(true);
  change(root);
  // Files the change wrote are aged, so the stamp after it trusts their times.
  for (const f of readdirSync(join(root, "stories"), { recursive: true, encoding: "utf8" })) {
    if (statSync(join(root, "stories", f)).isFile()) age(join(root, "stories", f));
  }
  const warm = wirefeed(root, "--now", now);
  expect(warm.quick).toBe(false);
  // Cold: no cache, but the same memory of when each raw story was first seen, which dates d.txt.
  mkdirSync(join(root, "cold"));
  copyFileSync(join(root, "output", FIRST_SEEN_FILE), join(root, "cold", FIRST_SEEN_FILE));
  const cold = wirefeed(root, "--now", now, "--out", "cold", "--no-cache");
  expect(outputs(join(root, "output"))).toEqual(outputs(join(root, "cold")));
  expect(warm.stderr).toBe(cold.stderr);
  expect(warm.code).toBe(cold.code);
  expect(wirefeed(root, "--now", now).quick).toBe(true);
}

describe("the up-to-date check of the build record", () => {
  it("replays the last report, exit code included, and touches no output when nothing changed", () => {
    const root = desk();
    const first = wirefeed(root, "--now", NOW);
    expect(first.code).toBe(1); // c.md has no copyright
    const before = Object.keys(outputs(join(root, "output"))).map((f) => [f, statSync(join(root, "output", f)).mtimeMs]);
    const second = wirefeed(root, "--now", NOW);
    expect(second.quick).toBe(true);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(first.stderr);
    expect(second.stderr).toMatch(/^world\/c\.md:\d+:\d+ {2}error .*\[missing-copyright\]$/m);
    expect(second.stdout).toMatch(/^wirefeed: 4 story files read, 2 published, 1 warning, 1 error, nothing changed, 0 files written to output\/ in \d+ ms\nwirefeed: next embargo lifts at 2026-11-25T06:00:00.000Z\n$/);
    expect(Object.keys(outputs(join(root, "output"))).map((f) => [f, statSync(join(root, "output", f)).mtimeMs])).toEqual(before);
    // Still quick later on, until the embargo lifts.
    expect(wirefeed(root, "--now", "2026-11-25T05:59:59Z").quick).toBe(true);
  });

  it("is not trusted once a story is edited, added, deleted or renamed", () => {
    expectRebuiltAfter((root) => writeFileSync(join(root, "stories/a.md"), storyText({ title: '"Alpha, revised"', published: "2026-11-20T09:00:00Z" })));
    expectRebuiltAfter((root) => writeFileSync(join(root, "stories/world/e.md"), storyText({ title: '"Echo"' })));
    expectRebuiltAfter((root) => rmSync(join(root, "stories/a.md")));
    expectRebuiltAfter((root) => renameSync(join(root, "stories/a.md"), join(root, "stories/world/a2.md")));
  });

  it("is not trusted once the config changes, an output is edited or deleted, a folder is added to its own, or an embargo lifts", () => {
    expectRebuiltAfter((root) => writeFileSync(join(root, "wirefeed.config.json"), JSON.stringify({ title: "Night desk" })));
    expectRebuiltAfter((root) => writeFileSync(join(root, "output/rss.xml"), "<rss/>"));
    expectRebuiltAfter((root) => rmSync(join(root, "output/feed.json")));
    expectRebuiltAfter(() => {}, "2026-11-25T06:00:00Z");
    // A folder put by hand where wirefeed owns every folder: a build removes it.
    expectRebuiltAfter((root) => mkdirSync(join(root, "output/archive/99"), { recursive: true }));
  });

  it("is not trusted after a writer was killed mid-write: the build then tidies what it left, and leaves no mark", () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    // Beside rss.xml, outside the folders whose names the stamp keeps.
    const orphan = `.rss.xml.${dead}.0123abcd.tmp`;
    expectRebuiltAfter((root) => {
      writeFileSync(join(root, "output", orphan), "<rss><chan");
      writeFileSync(join(root, `output/.wirefeed-writing.${dead}`), "");
    });
    const root = desk();
    wirefeed(root, "--now", NOW);
    writeFileSync(join(root, "output", orphan), "<rss><chan");
    writeFileSync(join(root, `output/.wirefeed-writing.${dead}`), "");
    expect(wirefeed(root, "--now", NOW).quick).toBe(false);
    expect(readdirSync(join(root, "output"), { recursive: true, encoding: "utf8" }).filter((f) => /\.tmp$|wirefeed-writing/.test(f))).toEqual([]);
  });

  it("compares a story written just before the build by its hash, so a same-size, same-time edit is seen", () => {
    const root = desk();
    const fresh = join(root, "stories/a.md");
    writeFileSync(fresh, storyText({ title: '"Alpha"', published: "2026-11-20T09:00:00Z" }));
    const { mtime } = statSync(fresh);
    wirefeed(root, "--now", NOW);
    expect(wirefeed(root, "--now", NOW).quick).toBe(true); // same bytes
    writeFileSync(fresh, storyText({ title: '"ALPHA"', published: "2026-11-20T09:00:00Z" }));
    utimesSync(fresh, mtime, mtime);
    const again = wirefeed(root, "--now", NOW);
    expect(again.quick).toBe(false);
    expect(readFileSync(join(root, "output/feed.json"), "utf8")).toContain("ALPHA");
  });

  it("finds a fresh checkout (every story's time new, its bytes the same) unchanged by hash, before the pipeline", () => {
    const root = desk();
    const first = wirefeed(root, "--now", NOW);
    const stories = ["a.md", "b.md", "world/c.md", "d.txt"].map((f) => join(root, "stories", f));
    const written = Object.keys(outputs(join(root, "output"))).map((f) => [f, statSync(join(root, "output", f)).mtimeMs]);
    const recorded = readFileSync(join(root, "output", RECORD_FILE));
    for (const f of stories) age(f, 600); // the checkout's time, raw d.txt too: it is dated by when a build first saw it
    const ci = wirefeed(root, "--now", NOW);
    expect(ci.quick).toBe(true);
    expect([ci.code, ci.stderr]).toEqual([first.code, first.stderr]);
    expect(Object.keys(outputs(join(root, "output"))).map((f) => [f, statSync(join(root, "output", f)).mtimeMs])).toEqual(written);
    // Nothing written: the record keeps the old times, and the next check reads the files again.
    expect(readFileSync(join(root, "output", RECORD_FILE)).equals(recorded)).toBe(true);
    expect(wirefeed(root, "--now", NOW).quick).toBe(true);
    // The same size and a new time, other bytes: a change, and the build is a cold build's.
    expectRebuiltAfter((r) => {
      for (const f of ["a.md", "b.md", "world/c.md", "d.txt"]) age(join(r, "stories", f), 900);
      writeFileSync(join(r, "stories/a.md"), storyText({ title: '"ALPHA"', published: "2026-11-20T09:00:00Z" }));
    });
  });

  it("after a checkout of many stories, still finds the one whose bytes alone changed, wherever it is in the folder", () => {
    // Past the first touched files the check reads the bytes without a stat first (#20): the
    // story changed there must be found as surely as one changed among the first.
    const files: Record<string, string> = {};
    const name = (i: number) => `stories/s${String(i).padStart(3, "0")}.md`;
    for (let i = 0; i < 40; i++) files[name(i)] = storyText({ title: `"Story ${i}"`, published: "2026-11-20T09:00:00Z" });
    const root = makeTree(files);
    for (const f of Object.keys(files)) age(join(root, f));
    expect(wirefeed(root, "--now", NOW).quick).toBe(false);
    for (const f of Object.keys(files)) age(join(root, f), 600);
    expect(wirefeed(root, "--now", NOW).quick).toBe(true);
    for (const changed of [35, 3]) {
      for (const f of Object.keys(files)) age(join(root, f), 900 + changed);
      const path = join(root, name(changed));
      const before = statSync(path);
      const other = `Story ${"Z".repeat(String(changed).length)}`;
      writeFileSync(path, files[name(changed)]!.replace(`"Story ${changed}"`, `"${other}"`));
      utimesSync(path, before.atime, before.mtime);
      expect(statSync(path).size).toBe(before.size);
      const build = wirefeed(root, "--now", NOW);
      expect(build.quick).toBe(false);
      expect(readFileSync(join(root, "output/feed.json"), "utf8")).toContain(other);
    }
  });

  it("is neither read nor written by --no-cache, and vouches for nothing behind a story that could not be read", () => {
    const root = desk();
    wirefeed(root, "--now", NOW, "--no-cache");
    expect(() => statSync(join(root, "output", RECORD_FILE))).toThrow();
    wirefeed(root, "--now", NOW);
    expect(wirefeed(root, "--now", NOW, "--no-cache").quick).toBe(false);
    if (process.getuid?.() !== 0) { // root reads every file whatever its mode
      writeFileSync(join(root, "stories/locked.md"), storyText(), { mode: 0o000 });
      wirefeed(root, "--now", NOW);
      // The permission fixed later changes no file's time: the record must not vouch for the build.
      expect(wirefeed(root, "--now", NOW).quick).toBe(false);
      expect(head(root).report).toBeUndefined();
    }
  });

  it("reads only the record's first line: the rest may be gone, and the next full build discards it", () => {
    const root = desk();
    wirefeed(root, "--now", NOW);
    const path = join(root, "output", RECORD_FILE);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.indexOf(0x0a) + 1));
    expect(wirefeed(root, "--now", NOW).quick).toBe(true);
    // A full build finds no cache it can trust in a record cut short, and builds as a cold one does.
    writeFileSync(join(root, "stories/a.md"), storyText({ title: '"Alpha, revised"', published: "2026-11-20T09:00:00Z" }));
    age(join(root, "stories/a.md"));
    const full = wirefeed(root, "--now", NOW);
    expect(full.quick).toBe(false);
    expect(full.stdout).toMatch(/4 story files read/);
    mkdirSync(join(root, "cold"));
    copyFileSync(join(root, "output", FIRST_SEEN_FILE), join(root, "cold", FIRST_SEEN_FILE));
    const cold = wirefeed(root, "--now", NOW, "--out", "cold", "--no-cache");
    expect(outputs(join(root, "output"))).toEqual(outputs(join(root, "cold")));
    expect(full.stderr).toBe(cold.stderr);
    expect(wirefeed(root, "--now", NOW).quick).toBe(true);
  });

  it("never trusts what an earlier version left (a stamp beside the cache, a cache of the old shape), and removes the stamp", () => {
    const root = desk();
    const first = wirefeed(root, "--now", NOW);
    const out = join(root, "output");
    // An old stamp that would vouch for a report this build never made, and an old cache whose
    // header says it holds nothing, with a good checksum.
    const oldStamp = { format: 4, key: "k", writtenAt: Date.now(), from: null, until: null, listing: "[]", files: [], outputs: [], owned: {}, report: { read: 99, published: 99, diagnostics: [] } };
    writeFileSync(join(out, OLD_FILES[0]), `${JSON.stringify(oldStamp)}\n`);
    const oldCache = `${JSON.stringify({ key: "k", writtenAt: 0, entries: 0, released: 0 })}\n[]\n[]\n`;
    writeFileSync(join(out, RECORD_FILE), `${oldCache}${JSON.stringify({ checksum: createHash("sha1").update(oldCache).digest("base64url") })}\n`);
    const again = wirefeed(root, "--now", NOW);
    expect(again.quick).toBe(false);
    // Not the old stamp's report (its time aside, which may well hold a 99).
    expect(again.stdout.replace(/ in \d+ ms/, "")).not.toContain("99");
    expect(again.stderr).toBe(first.stderr);
    expect(() => statSync(join(out, OLD_FILES[0]))).toThrow();
    expect(wirefeed(root, "--now", NOW).quick).toBe(true);
  });
});

/** The record's first line, parsed. */
function head(root: string): Record<string, unknown> {
  const bytes = readFileSync(join(root, "output", RECORD_FILE));
  return JSON.parse(bytes.toString("utf8", 0, bytes.indexOf(0x0a))) as Record<string, unknown>;
}

describe("standing", () => {
  const written = Date.now();
  function file(text: string, mtime: number) {
    const root = makeTree({ "s.md": text });
    const path = join(root, "s.md");
    utimesSync(path, mtime / 1000, mtime / 1000);
    return { path, seen: { size: statSync(path).size, mtimeMs: statSync(path).mtimeMs, hash: hashBytes(readFileSync(path)) } };
  }

  it("trusts size and time of a file modified well before the record was written", () => {
    const { path, seen } = file("alpha", written - 60_000);
    expect(standing(path, seen, written)).toBe("recorded");
    // Same size and time, other bytes: not seen, and not looked for, since the time is old enough.
    writeFileSync(path, "bravo");
    utimesSync(path, seen.mtimeMs / 1000, seen.mtimeMs / 1000);
    expect(standing(path, { ...seen, hash: undefined }, written)).toBe("recorded");
    expect(standing(path, { ...seen, size: seen.size + 1 }, written)).toBe("changed");
    expect(standing(path, { ...seen, mtimeMs: seen.mtimeMs - 1000 }, written)).toBe("changed");
    expect(standing(join(path, "..", "gone.md"), seen, written)).toBe("changed");
  });

  it("compares the bytes of a file modified too close to the record's writing", () => {
    const { path, seen } = file("alpha", written - 500);
    expect(standing(path, seen, written)).toBe("recorded");
    expect(standing(path, { ...seen, hash: undefined }, written)).toBe("changed");
    writeFileSync(path, "bravo");
    utimesSync(path, seen.mtimeMs / 1000, seen.mtimeMs / 1000);
    expect(standing(path, seen, written)).toBe("changed");
  });

  it("finds a file whose time alone moved touched when it holds the recorded bytes, changed otherwise", () => {
    const { path, seen } = file("alpha", written - 60_000);
    utimesSync(path, (written - 30_000) / 1000, (written - 30_000) / 1000);
    expect(standing(path, seen, written)).toBe("touched");
    expect(standing(path, { ...seen, hash: undefined }, written)).toBe("changed");
    writeFileSync(path, "bravo");
    expect(standing(path, seen, written)).toBe("changed");
  });
});

describe("readHead", () => {
  it("reads a first line longer than one read, and nothing of a record with no line end or another key", async () => {
    const out = makeTree({});
    const files: [string, number, number][] = Array.from({ length: 20_000 }, (_, i) => [`desk/story-${i}.md`, 1000 + i, 1.7e12 + i]);
    const head = { key: "k", writtenAt: 42, files, outputs: [], owned: {}, listing: "[]", from: null, until: null };
    await saveCache(out, head, { entries: new Map(files.map(([file, size, mtimeMs]) => [file, { file, size, mtimeMs, hash: "h", diagnostics: [] }])), fingerprints: new Map(), released: new Map() });
    expect(readFileSync(join(out, RECORD_FILE), "utf8").indexOf("\n")).toBeGreaterThan(256 * 1024);
    expect(readHead(out, "k")).toEqual({ ...head, released: 0 });
    expect(readHead(out, "other")).toBeUndefined();
    writeFileSync(join(out, RECORD_FILE), JSON.stringify({ ...head, released: 0 }));
    expect(readHead(out, "k")).toBeUndefined();
  });
});

describe("stateKey", () => {
  it("changes with the version and the config's values, not its spacing or field order, and tells a file from a config made in code", () => {
    const text = JSON.stringify({ title: "Night desk", items: 20 });
    expect(stateKey("1", { text })).toBe(stateKey("1", { text: '{\n  "items": 20,\n  "title": "Night desk"\n}\n' }));
    expect(stateKey("2", { text })).not.toBe(stateKey("1", { text }));
    expect(stateKey("1", { text: JSON.stringify({ title: "Night desk", items: 21 }) })).not.toBe(stateKey("1", { text }));
    expect(stateKey("1", { text: "{ not json" })).not.toBe(stateKey("1", { text: "{ not json!" }));
    expect(stateKey("1", { text: null })).not.toBe(stateKey("1", { config: defaultConfig() }));
    expect(stateKey("1", { config: { ...defaultConfig(), title: "Night desk" } })).not.toBe(stateKey("1", { config: defaultConfig() }));
  });
});

describe("embargoWindow", () => {
  it("finds the embargo instants on either side of now", () => {
    expect(embargoWindow([30, 10, 50, 20], 25)).toEqual({ from: 20, until: 30 });
    expect(embargoWindow([30], 30)).toEqual({ from: 30, until: null });
    expect(embargoWindow([], 30)).toEqual({ from: null, until: null });
  });
});
