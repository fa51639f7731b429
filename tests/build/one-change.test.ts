import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, cpSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import { buildOneChange } from "../../src/build/one-change.js";
import { FIRST_SEEN_FILE } from "../../src/state/first-seen.js";
import { RECORD_FILE } from "../../src/state/record.js";
import { testConfig } from "../support/config.js";
import { makeTree } from "../support/tree.js";

/**
 * The one-change build (build/one-change.ts) against the full build, after one change of each
 * kind to a warm output folder: where it answers, every output is byte for byte what a build
 * without the record makes, and its record is what the full build would have written (but for
 * the times); where it cannot prove that, it writes nothing and the full build runs.
 */
const MAKE_CORPUS = fileURLToPath(new URL("../../bench/make-corpus.mjs", import.meta.url));
const NOW = new Date("2026-01-01T00:00:00Z");
const config = testConfig({ siteUrl: "https://wire.example.org/", items: 10 });

/** Every output file's bytes, by path (the record and other dotfiles aside). */
function outputs(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => !f.split("/").some((p) => p.startsWith(".")) && statSync(join(dir, f)).isFile()).sort();
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f)).toString("base64")]));
}

/** A record's lines, its head without its times (when it was written, when each output was). */
function recordLines(dir: string): string[] {
  const [head, ...rest] = readFileSync(join(dir, RECORD_FILE), "utf8").split("\n");
  const h = JSON.parse(head!) as { writtenAt: number; outputs: [string, number, number][] };
  h.writtenAt = 0;
  h.outputs = h.outputs.map(([f, size]) => [f, size, 0]);
  // The trailer's checksum covers the times: left out.
  return [JSON.stringify(h), ...rest.slice(0, -2)];
}

let template: string;
beforeAll(() => {
  template = makeTree({});
  execFileSync(process.execPath, [MAKE_CORPUS, "120", join(template, "stories"), "--bytes", "600"]);
});

/** The newest story embargoed until 2026-06-01, before the warm build. */
const embargoed = (stories: string) => edit(story(stories, 120), /^categories:/m, "embargo: 2026-06-01T00:00:00Z\ncategories:");
const story = (stories: string, n: number) => join(stories, `story-${String(n).padStart(7, "0")}.md`);
const edit = (path: string, from: RegExp | string, to: string) => writeFileSync(path, readFileSync(path, "utf8").replace(from, to));

/**
 * A warm output folder, then `change` to its stories: the one-change build must answer (`fast`)
 * or write nothing; then the outputs must be a build's without the record, and the record the
 * full build's.
 */
async function scenario(fast: boolean, change: (stories: string) => void, { now = NOW, prepare }: { now?: Date; prepare?: (stories: string) => void } = {}): Promise<void> {
  const root = makeTree({});
  const stories = join(root, "stories");
  cpSync(join(template, "stories"), stories, { recursive: true });
  prepare?.(stories);
  const [out, full, none] = ["out", "full", "none"].map((d) => join(root, d)) as [string, string, string];
  await build({ config, stories, out, now: NOW });
  cpSync(out, full, { recursive: true });
  change(stories);
  const record = readFileSync(join(out, RECORD_FILE));
  const one = await buildOneChange({ config, stories, out, now });
  // Soft: an answer where none was due still has its outputs and record compared below.
  expect.soft(one !== undefined).toBe(fast);
  if (one) {
    expect(one.written.length).toBeGreaterThan(0);
  } else {
    // Nothing written: the record is as it was, and the full build runs.
    expect(readFileSync(join(out, RECORD_FILE)).equals(record)).toBe(true);
    await build({ config, stories, out, now });
  }
  await build({ config, stories, out: full, now });
  await build({ config, stories, out: none, now, cache: false });
  expect(outputs(out)).toEqual(outputs(none));
  expect(recordLines(out)).toEqual(recordLines(full));
  // The record vouches for what is there: a build after it finds every file as recorded.
  const again = await build({ config, stories, out, now });
  expect([again.written, again.cached]).toEqual([[], again.read]);
  rmSync(root, { recursive: true, force: true });
}

describe("one story changed: the record's page against the full build", () => {
  it("an archived story's body edited: its page alone, as the full build makes it", async () => {
    await scenario(true, (s) => appendFileSync(story(s, 1), "\nA late paragraph.\n"));
  });

  it("an archived story's title and body edited, on a page in the middle of the archive", async () => {
    await scenario(true, (s) => {
      edit(story(s, 40), /^title: .*$/m, 'title: "A title set right"');
      appendFileSync(story(s, 40), "\nAnother paragraph.\n");
    });
  });

  it("every story's time new (a fresh checkout), an archived story edited: its page alone", async () => {
    await scenario(true, (s) => {
      const later = new Date(Date.now() + 60_000);
      for (const f of readdirSync(s)) utimesSync(join(s, f), later, later);
      appendFileSync(story(s, 1), "\nA late paragraph.\n");
    });
  });

  it("raw text among the stories, not in a git repository: the full build", async () => {
    const raw = (st: string) => writeFileSync(join(st, "wire.txt"), "GENEVA (Northwind) - Talks resumed on Friday.\n\nCopyright 2026 Northwind Wire.\n");
    await scenario(false, (s) => appendFileSync(story(s, 1), "\nLate.\n"), { prepare: raw });
  });

  it("a story in the main feed edited: the full build", async () => {
    await scenario(false, (s) => appendFileSync(story(s, 120), "\nA late paragraph.\n"));
  });

  it("a story added: the full build", async () => {
    await scenario(false, (s) => writeFileSync(join(s, "story-0000500.md"), readFileSync(story(s, 2), "utf8").replace(/^id: .*$/m, "id: story-0000500")));
  });

  it("an archived story removed: the full build", async () => {
    await scenario(false, (s) => rmSync(story(s, 3)));
  });

  it("two archived stories edited: the full build", async () => {
    await scenario(false, (s) => {
      appendFileSync(story(s, 1), "\nOne.\n");
      appendFileSync(story(s, 2), "\nTwo.\n");
    });
  });

  it("an archived story given another story's id: the full build", async () => {
    await scenario(false, (s) => edit(story(s, 5), /^id: .*$/m, "id: story-0000006"));
  });

  it("an edit to one of two files sharing an id: the full build (the duplicate rule decides)", async () => {
    const shared = (st: string) => edit(story(st, 9), /^id: .*$/m, "id: story-0000008");
    await scenario(false, (st) => appendFileSync(story(st, 8), "\nEdited.\n"), { prepare: shared });
  });

  it("an archived story's body made another story's: the full build (the duplicate-body rule)", async () => {
    await scenario(false, (s) => {
      const body = (n: number) => readFileSync(story(s, n), "utf8").split("\n---\n")[1]!;
      const [front] = readFileSync(story(s, 10), "utf8").split("\n---\n");
      writeFileSync(story(s, 10), `${front}\n---\n${body(11)}`);
    });
  });

  it("an archived story moved to another desk: the full build", async () => {
    await scenario(false, (s) => edit(story(s, 12), /^categories: .*$/m, 'categories: ["Sport", "Sport"]'));
  });

  it("an archived story killed: the full build", async () => {
    await scenario(false, (s) => edit(story(s, 13), /^categories:/m, "status: canceled\ncategories:"));
  });

  it("an archived story embargoed: the full build", async () => {
    await scenario(false, (s) => edit(story(s, 14), /^categories:/m, "embargo: 2026-06-01T00:00:00Z\ncategories:"));
  });

  it("an archived story moved to another archive page by its time: the full build", async () => {
    await scenario(false, (s) => edit(story(s, 15), /^published: .*$/m, "published: 2025-12-31T00:00:00Z"));
  });

  it("an archived story edited while another story's embargo holds: its page alone", async () => {
    await scenario(true, (s) => appendFileSync(story(s, 1), "\nLate.\n"), { prepare: embargoed, now: new Date("2026-05-31T23:59:59Z") });
  });

  it("an archived story edited after an embargo lifted since the record: the full build", async () => {
    await scenario(false, (s) => appendFileSync(story(s, 1), "\nLate.\n"), { prepare: embargoed, now: new Date("2026-06-01T00:00:00Z") });
  });

  it("an archived story edited, and a page's output edited by hand: the full build", async () => {
    await scenario(false, (s) => {
      appendFileSync(story(s, 1), "\nLate.\n");
      appendFileSync(join(s, "..", "out", "archive", "1", "feed.json"), " ");
    });
  });

  it("an archived story edited, and a link out of the stories folder put among them: the full build (the listing warns)", async () => {
    await scenario(false, (s) => {
      appendFileSync(story(s, 1), "\nLate.\n");
      writeFileSync(join(s, "..", "elsewhere.md"), readFileSync(story(s, 2)));
      symlinkSync(join(s, "..", "elsewhere.md"), join(s, "linked.md"));
    });
  });

  it("an archived story edited so that it warns: the full build (its diagnostics change)", async () => {
    await scenario(false, (s) => edit(story(s, 16), /^categories:/m, "colour: blue\ncategories:"));
  });
});

describe("one story changed: beside a refused edit on its page", () => {
  it("is rebuilt by the full build, which keeps the refused story's published version", async () => {
    const root = makeTree({});
    const stories = join(root, "stories");
    cpSync(join(template, "stories"), stories, { recursive: true });
    const [out, full] = [join(root, "out"), join(root, "full")];
    // Story 2, on the oldest page with story 1, published at version 2, then lowered to 1: refused.
    edit(story(stories, 2), /^categories:/m, "version: 2\ncategories:");
    await build({ config, stories, out, now: NOW });
    edit(story(stories, 2), /^version: 2$/m, "version: 1");
    await build({ config, stories, out, now: NOW });
    cpSync(out, full, { recursive: true });
    appendFileSync(story(stories, 1), "\nLate.\n");
    expect(await buildOneChange({ config, stories, out, now: NOW })).toBeUndefined();
    await build({ config, stories, out, now: NOW });
    await build({ config, stories, out: full, now: NOW });
    expect(outputs(out)).toEqual(outputs(full));
    expect(readFileSync(join(out, "archive", "1", "feed.json"), "utf8")).toMatch(/"version": 2\b/);
    rmSync(root, { recursive: true, force: true });
  });
});

describe("one story changed: an archived story in a live desk feed", () => {
  it("is rebuilt by the full build", async () => {
    // The oldest story alone in its desk: that desk's feed shows it.
    const lonely = (st: string) => edit(story(st, 1), /^categories: .*$/m, 'categories: ["Lonely desk"]');
    await scenario(false, (st) => appendFileSync(story(st, 1), "\nLate.\n"), { prepare: lonely });
  });
});

const hasGit = spawnSync("git", ["--version"]).status === 0;

describe.skipIf(!hasGit)("one story changed: raw text in a git repository, dated by its first-seen time", () => {
  /** The template's stories and one raw wire story, uncommitted, in a fresh repository; built once at NOW. */
  async function warm(): Promise<{ root: string; stories: string; out: string }> {
    const root = makeTree({});
    const stories = join(root, "stories");
    cpSync(join(template, "stories"), stories, { recursive: true });
    writeFileSync(join(stories, "wire.txt"), "GENEVA (Northwind) - Talks resumed on Friday.\n\nCopyright 2026 Northwind Wire.\n");
    const r = spawnSync("git", ["init", "-q"], { cwd: root, env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: root } });
    expect(r.status).toBe(0);
    const out = join(root, "out");
    await build({ config, stories, out, now: NOW });
    return { root, stories, out };
  }

  it("every story's time new, an archived story edited: its page alone, as a build without the record makes it", async () => {
    const { root, stories, out } = await warm();
    const later = new Date(Date.now() + 60_000);
    for (const f of readdirSync(stories)) utimesSync(join(stories, f), later, later);
    appendFileSync(story(stories, 1), "\nA late paragraph.\n");
    expect(await buildOneChange({ config, stories, out, now: NOW })).toBeDefined();
    await build({ config, stories, out: join(root, "none"), now: NOW, cache: false });
    expect(outputs(out)).toEqual(outputs(join(root, "none")));
    rmSync(root, { recursive: true, force: true });
  });

  it("its first-seen time lost: the full build, which dates it anew", async () => {
    const { root, stories, out } = await warm();
    rmSync(join(out, FIRST_SEEN_FILE));
    appendFileSync(story(stories, 1), "\nA late paragraph.\n");
    const later = new Date("2026-01-02T00:00:00Z");
    expect(await buildOneChange({ config, stories, out, now: later })).toBeUndefined();
    await build({ config, stories, out, now: later });
    await build({ config, stories, out: join(root, "none"), now: later, cache: false });
    expect(outputs(out)).toEqual(outputs(join(root, "none")));
    rmSync(root, { recursive: true, force: true });
  });
});
