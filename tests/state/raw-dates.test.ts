/**
 * Where a raw story's date comes from (#21): its dateline, its file name, its first commit, the
 * first build that saw it, its file's time — the first that exists — and that two fresh clones
 * of a stories repository, made and built at different times, publish identical feeds.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import { recordKey } from "../../src/build/pipeline.js";
import type { Config } from "../../src/config/config.js";
import { fileNameDate, rawDate } from "../../src/model/dates.js";
import { FIRST_SEEN_FILE, loadFirstSeen, see } from "../../src/state/first-seen.js";
import { loadCache } from "../../src/state/cache.js";
import { gitDates, parseGitLog, recordedGitDates } from "../../src/state/git-dates.js";
import { upToDate } from "../../src/state/up-to-date.js";
import { datelineDate } from "../../src/normalize/dateline.js";
import { makeTree } from "../support/tree.js";
import { testConfig } from "../support/config.js";

const MTIME = new Date("2031-06-15T08:30:00Z");
const history = (h: { committed?: string; firstSeen?: string } = {}) => ({
  mtime: MTIME,
  ...(h.committed ? { committed: new Date(h.committed) } : {}),
  ...(h.firstSeen ? { firstSeen: new Date(h.firstSeen) } : {}),
});

describe("datelineDate", () => {
  it("reads month-day and day-month datelines, with or without a year", () => {
    expect(datelineDate("MOSCOW, Feb. 28 (Agency)")).toEqual({ month: 2, day: 28 });
    expect(datelineDate("LOS ANGELES, Calif., 3 March (Reuters)")).toEqual({ month: 3, day: 3 });
    expect(datelineDate("OSLO, Sept. 9, 2029")).toEqual({ year: 2029, month: 9, day: 9 });
    expect(datelineDate("OSLO, 9 September 2029")).toEqual({ year: 2029, month: 9, day: 9 });
  });

  it("finds no date where there is none, or where the word is no month", () => {
    expect(datelineDate("MOSCOW")).toBeUndefined();
    expect(datelineDate("WASHINGTON (AP)")).toBeUndefined();
    expect(datelineDate("PARIS, Texas 4")).toBeUndefined();
    expect(datelineDate("OSLO, Feb. 45")).toBeUndefined();
  });
});

describe("fileNameDate", () => {
  it("reads a date opening the file name, as Jekyll and Hugo do, at midnight in the zone", () => {
    expect(fileNameDate("2020-02-28-idlib-strikes.txt", "UTC")?.toISOString()).toBe("2020-02-28T00:00:00.000Z");
    expect(fileNameDate("world/2020-02-28_idlib.txt", "Europe/London")?.toISOString()).toBe("2020-02-28T00:00:00.000Z");
    expect(fileNameDate("2020-07-01.txt", "Europe/London")?.toISOString()).toBe("2020-06-30T23:00:00.000Z");
  });

  it("ignores dates elsewhere in the path or name, and days that do not exist", () => {
    expect(fileNameDate("2020-02-28/idlib.txt", "UTC")).toBeUndefined();
    expect(fileNameDate("idlib-2020-02-28.txt", "UTC")).toBeUndefined();
    expect(fileNameDate("2020-02-30-idlib.txt", "UTC")).toBeUndefined();
    expect(fileNameDate("20200228-idlib.txt", "UTC")).toBeUndefined();
  });
});

describe("rawDate: the first source that exists", () => {
  const everything = history({ committed: "2031-03-01T10:00:00Z", firstSeen: "2031-04-01T10:00:00Z" });

  it("takes the dateline's day first, with its own year, else the notice's", () => {
    expect(rawDate({ dateline: { year: 2029, month: 9, day: 9 }, copyright: "© 2030 X" }, "2031-01-01-a.txt", everything, "UTC"))
      .toEqual({ date: new Date("2029-09-09T00:00:00Z"), source: "dateline" });
    expect(rawDate({ dateline: { month: 2, day: 28 }, copyright: "Copyright © 2020, ABC Audio. All rights reserved." }, "a.txt", everything, "UTC"))
      .toEqual({ date: new Date("2020-02-28T00:00:00Z"), source: "dateline", yearFrom: "copyright" });
    expect(rawDate({ dateline: { month: 2, day: 28 }, copyright: "© 2019–2021 X" }, "a.txt", everything, "UTC").date)
      .toEqual(new Date("2021-02-28T00:00:00Z"));
  });

  it("without a year in dateline or notice, takes the latest year putting the day no later than the next source", () => {
    // Committed 1 March 2031: 28 February is 2031's; 3 March would be after it, so 2030's.
    expect(rawDate({ dateline: { month: 2, day: 28 } }, "a.txt", everything, "UTC"))
      .toEqual({ date: new Date("2031-02-28T00:00:00Z"), source: "dateline", yearFrom: "git" });
    expect(rawDate({ dateline: { month: 3, day: 3 } }, "a.txt", everything, "UTC").date).toEqual(new Date("2030-03-03T00:00:00Z"));
    expect(rawDate({ dateline: { month: 1, day: 5 } }, "2031-01-09-a.txt", everything, "UTC").yearFrom).toBe("file-name");
  });

  it("then the file name, the first commit, the first build, the file's time", () => {
    expect(rawDate({}, "2031-01-09-a.txt", everything, "UTC")).toEqual({ date: new Date("2031-01-09T00:00:00Z"), source: "file-name" });
    expect(rawDate({}, "a.txt", everything, "UTC")).toEqual({ date: new Date("2031-03-01T10:00:00Z"), source: "git" });
    expect(rawDate({}, "a.txt", history({ firstSeen: "2031-04-01T10:00:00Z" }), "UTC")).toEqual({ date: new Date("2031-04-01T10:00:00Z"), source: "first-build" });
    expect(rawDate({}, "a.txt", history(), "UTC")).toEqual({ date: MTIME, source: "mtime" });
  });

  it("passes over a dateline day that no year has, such as 30 February", () => {
    expect(rawDate({ dateline: { month: 2, day: 30 }, copyright: "© 2020 X" }, "a.txt", everything, "UTC").source).toBe("git");
  });
});

describe("parseGitLog", () => {
  const commit = (iso: string, decorations: string, ...entries: string[][]) => `\0${iso}\0${decorations}\0\n${entries.map((e) => e.join("\0")).join("\0")}\0`;

  it("takes each file's first add, oldest first, and carries a renamed file's date to its new name", () => {
    const out = commit("2031-01-01T10:00:00+00:00", "", ["A", "a.txt"], ["A", "sub/b.txt"]) +
      commit("2031-02-01T10:00:00+01:00", "", ["R100", "a.txt", "world/a.txt"], ["A", "c d.txt"]) +
      commit("2031-03-01T10:00:00+00:00", "HEAD -> main", ["A", "a.txt"]);
    expect(parseGitLog(out)).toEqual(new Map([
      ["a.txt", Date.parse("2031-01-01T10:00:00Z")],
      ["sub/b.txt", Date.parse("2031-01-01T10:00:00Z")],
      ["world/a.txt", Date.parse("2031-01-01T10:00:00Z")],
      ["c d.txt", Date.parse("2031-02-01T09:00:00Z")],
    ]));
  });

  it("leaves out what a shallow clone's grafted commit added, whose first commit it does not have", () => {
    const out = commit("2031-05-01T10:00:00+00:00", "grafted, HEAD -> main", ["A", "old.txt"]) +
      commit("2031-05-02T10:00:00+00:00", "", ["A", "new.txt"], ["R090", "old.txt", "moved.txt"]);
    expect(parseGitLog(out)).toEqual(new Map([["new.txt", Date.parse("2031-05-02T10:00:00Z")]]));
  });

  it("reads nothing from nothing", () => {
    expect(parseGitLog("")).toEqual(new Map());
  });
});

const hasGit = spawnSync("git", ["--version"]).status === 0;

/** Runs git in `cwd`, with a fixed author and the given author/committer date. */
function git(cwd: string, args: string[], date = "2031-01-01T10:00:00Z"): string {
  const r = spawnSync("git", ["-c", "user.name=Desk", "-c", "user.email=desk@example.org", "-c", "commit.gpgsign=false", ...args], {
    cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_CONFIG_NOSYSTEM: "1", HOME: cwd },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

describe.skipIf(!hasGit)("gitDates on a real repository", () => {
  it("reads every file's first commit in one go, relative to the stories folder, following renames", () => {
    const root = makeTree({ "desk/stories/a.txt": "A\n", "desk/stories/world/b.txt": "B\n", "desk/notes.txt": "n\n" });
    git(root, ["init", "-q"]);
    git(root, ["add", "."]);
    git(root, ["commit", "-qm", "first"], "2031-01-01T10:00:00Z");
    git(root, ["mv", "desk/stories/a.txt", "desk/stories/world/a.txt"]);
    writeFileSync(join(root, "desk/stories/c.txt"), "C\n");
    git(root, ["add", "."]);
    git(root, ["commit", "-qm", "second"], "2031-02-01T10:00:00Z");
    writeFileSync(join(root, "desk/stories/uncommitted.txt"), "U\n");
    const { committed, index } = gitDates(join(root, "desk/stories"));
    expect(committed).toEqual(new Map([
      ["a.txt", Date.parse("2031-01-01T10:00:00Z")], // its old name, no longer listed: harmless
      ["world/b.txt", Date.parse("2031-01-01T10:00:00Z")],
      ["world/a.txt", Date.parse("2031-01-01T10:00:00Z")],
      ["c.txt", Date.parse("2031-02-01T10:00:00Z")],
    ]));
    expect(index?.[0]).toBe(join(root, ".git", "index"));
  });

  it("is empty, running nothing, outside a repository", () => {
    const root = makeTree({ "stories/a.txt": "A\n" });
    expect(gitDates(join(root, "stories"))).toEqual({ committed: new Map() });
  });
});

describe("gitDates without git", () => {
  it("fails soft: no dates, and the stories fall back to the next source", () => {
    const root = makeTree({ "stories/a.txt": "A\n" });
    mkdirSync(join(root, ".git"));
    const path = process.env.PATH;
    process.env.PATH = join(root, "no-such-folder");
    try {
      expect(gitDates(join(root, "stories")).committed).toEqual(new Map());
    } finally {
      process.env.PATH = path;
    }
  });
});

describe("first-seen times", () => {
  it("adds now for files not seen before, and keeps earlier times and files no longer listed", () => {
    const seen = new Map([["a.txt", 1], ["gone.txt", 2]]);
    expect(see(seen, ["a.txt"], 99)).toBeUndefined();
    expect(see(seen, ["a.txt", "b.txt"], 99)).toEqual(new Map([["a.txt", 1], ["gone.txt", 2], ["b.txt", 99]]));
  });
});

function config(): Config {
  return testConfig({ siteUrl: "https://wire.example.org/", publisher: "Example Desk", title: "Desk" });
}

const RAW = (headline: string, dateline = "(GENEVA) —") =>
  `${headline}\n\n${dateline} The talks resumed on Friday.Delegates met for an hour.\n\nCopyright © 2031, Lakeside Bulletin. All rights reserved.\n`;

describe("build: a raw story keeps its date from build to build", () => {
  it("takes the first build's time, kept in the output folder, whatever the file's time does later", async () => {
    const root = makeTree({ "stories/talks.txt": RAW("Talks resume") });
    const options = { config: config(), stories: join(root, "stories"), out: join(root, "out") };
    const first = await build({ ...options, now: new Date("2031-03-01T12:00:00Z") });
    expect(first.stories[0]?.published).toEqual(new Date("2031-03-01T12:00:00Z"));
    expect(loadFirstSeen(join(root, "out"))).toEqual(new Map([["talks.txt", Date.parse("2031-03-01T12:00:00Z")]]));
    utimesSync(join(root, "stories/talks.txt"), new Date("2031-03-05T00:00:00Z"), new Date("2031-03-05T00:00:00Z"));
    for (const cache of [true, false]) {
      const later = await build({ ...options, now: new Date("2031-03-09T12:00:00Z"), cache });
      expect(later.stories[0]?.published).toEqual(new Date("2031-03-01T12:00:00Z"));
      expect(later.diagnostics.map((d) => d.rule)).toEqual(["published-from-first-build"]);
    }
  });

  it("dates by the dateline, then by the file name, before anything else, with a warning only for the fallback", async () => {
    const root = makeTree({
      "stories/dated.txt": RAW("Dated by its dateline", "GENEVA, March 3 (Lakeside) —"),
      "stories/2031-02-14-named.txt": RAW("Dated by its name"),
    });
    const r = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: new Date("2031-06-01T00:00:00Z") });
    const byTitle = Object.fromEntries(r.stories.map((s) => [s.title, s.published.toISOString()]));
    expect(byTitle).toEqual({ "Dated by its dateline": "2031-03-03T00:00:00.000Z", "Dated by its name": "2031-02-14T00:00:00.000Z" });
    expect(r.diagnostics.map((d) => [d.file, d.rule])).toEqual([["2031-02-14-named.txt", "published-from-file-name"]]);
  });
});

describe.skipIf(!hasGit)("build: committing a raw story", () => {
  it("dates it by its commit from the next build on, the up-to-date stamp no longer vouching for the old date", async () => {
    const root = makeTree({ "stories/talks.txt": RAW("Talks resume") });
    git(root, ["init", "-q"]);
    const options = { config: config(), stories: join(root, "stories"), out: join(root, "output") };
    const first = await build({ ...options, now: new Date("2031-03-01T12:00:00Z") });
    expect(first.diagnostics.map((d) => d.rule)).toEqual(["published-from-first-build"]);
    expect(await upToDate(options.stories, options.out, recordKey(options), new Date("2031-03-01T12:00:00Z"))).toBeDefined();
    git(root, ["add", "stories"]);
    git(root, ["commit", "-qm", "talks"], "2031-03-02T08:00:00Z");
    expect(await upToDate(options.stories, options.out, recordKey(options), new Date("2031-03-02T12:00:00Z"))).toBeUndefined();
    const second = await build({ ...options, now: new Date("2031-03-02T12:00:00Z") });
    expect(second.diagnostics.map((d) => d.rule)).toEqual(["published-from-git"]);
    expect(second.stories[0]?.published).toEqual(new Date("2031-03-02T08:00:00Z"));
  });
});

describe.skipIf(!hasGit)("build: one raw story edited in a repository", () => {
  it("keeps its commit date from the record while the git index is as recorded, and asks git once it is not", async () => {
    const root = makeTree({ "stories/talks.txt": RAW("Talks resume"), "stories/vote.txt": RAW("Vote counted") });
    git(root, ["init", "-q"]);
    git(root, ["add", "stories"]);
    git(root, ["commit", "-qm", "stories"], "2031-03-02T08:00:00Z");
    // An index rewritten just before a record is written is not trusted (see `isRacy`): an hour ago.
    const index = join(root, ".git", "index");
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(index, hourAgo, hourAgo);
    const options = { config: config(), stories: join(root, "stories"), out: join(root, "output"), now: new Date("2031-06-01T00:00:00Z") };
    await build(options);
    writeFileSync(join(root, "stories/talks.txt"), `${RAW("Talks resume")}\nA late paragraph.\n`);
    const dates = () => {
      const cache = loadCache(options.out, recordKey(options));
      const get = (file: string) => cache.entries.get(file);
      return (files: string[]) => recordedGitDates(options.stories, cache.head!.git!, cache.writtenAt, files, get)?.committed;
    };
    const committed = new Date("2031-03-02T08:00:00Z").getTime();
    expect(dates()(["talks.txt", "vote.txt"])).toEqual(new Map([["talks.txt", committed], ["vote.txt", committed]]));
    expect(dates()(["talks.txt", "new.txt"])).toBeUndefined(); // a file the record does not know: git is asked
    const second = await build(options);
    expect(second.stories.map((s) => [s.file, s.published.getTime()])).toEqual([["talks.txt", committed], ["vote.txt", committed]]);
    expect(second.diagnostics.map((d) => d.rule)).toEqual(["published-from-git", "published-from-git"]);
    git(root, ["add", "stories"]);
    expect(dates()(["talks.txt", "vote.txt"])).toBeUndefined(); // the index moved: its dates may have
  });
});

/** Every file of an output folder but the build state (dotfiles), with its bytes. */
function outputs(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => !f.split("/").some((p) => p.startsWith(".")) && statSync(join(dir, f)).isFile()).sort()
    .map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

describe.skipIf(!hasGit)("two fresh clones of a stories repository", () => {
  it("built at different times, with files of different times, publish identical feeds, raw stories included", async () => {
    const origin = makeTree({
      "stories/talks.txt": RAW("Talks resume"),
      "stories/2031-02-14-named.txt": RAW("Dated by its name"),
      "stories/notes.md": "---\ntitle: Desk notes\npublished: 2031-01-20T09:00:00Z\ncopyright: \"© 2031 Example Desk\"\n---\n\nNotes.\n",
    });
    git(origin, ["init", "-q"]);
    git(origin, ["add", "."]);
    git(origin, ["commit", "-qm", "stories"], "2031-01-20T10:00:00Z");
    writeFileSync(join(origin, "stories/later.txt"), RAW("Later story"));
    git(origin, ["add", "."]);
    git(origin, ["commit", "-qm", "later"], "2031-02-20T10:00:00Z");

    const built: Record<string, string>[] = [];
    const clones = makeTree({});
    for (const [n, when] of [[1, "2031-03-01T12:00:00Z"], [2, "2031-03-01T12:07:00Z"]] as const) {
      const clone = join(clones, `clone-${n}`);
      git(clones, ["clone", "-q", origin, clone]);
      // Each clone's files get their own times, as a checkout minutes apart would give them.
      for (const f of readdirSync(join(clone, "stories"))) {
        const t = new Date(Date.parse(when) - n * 60_000);
        utimesSync(join(clone, "stories", f), t, t);
      }
      const r = await build({ config: config(), stories: join(clone, "stories"), out: join(clone, "output"), now: new Date(when) });
      expect(r.diagnostics.map((d) => [d.file, d.rule]).sort()).toEqual([
        ["2031-02-14-named.txt", "published-from-file-name"],
        ["later.txt", "published-from-git"],
        ["talks.txt", "published-from-git"],
      ]);
      built.push(outputs(join(clone, "output")));
    }
    expect(Object.keys(built[0]!)).toContain("feed.json");
    expect(built[1]).toEqual(built[0]);
    const items = JSON.parse(built[0]!["feed.json"]!).items as { title: string; date_published: string }[];
    expect(Object.fromEntries(items.map((i) => [i.title, i.date_published]))).toEqual({
      "Later story": "2031-02-20T10:00:00.000Z",
      "Dated by its name": "2031-02-14T00:00:00.000Z",
      "Desk notes": "2031-01-20T09:00:00.000Z",
      "Talks resume": "2031-01-20T10:00:00.000Z",
    });
  });

  it("a shallow clone, which lacks the first commits, dates by the first build rather than by the clone", async () => {
    const origin = makeTree({ "stories/talks.txt": RAW("Talks resume") });
    git(origin, ["init", "-q"]);
    git(origin, ["add", "."]);
    git(origin, ["commit", "-qm", "stories"], "2031-01-20T10:00:00Z");
    writeFileSync(join(origin, "stories/more.txt"), RAW("More talks"));
    git(origin, ["add", "."]);
    git(origin, ["commit", "-qm", "more"], "2031-02-20T10:00:00Z");
    const clone = join(makeTree({}), "shallow");
    git(origin, ["clone", "-q", "--depth", "1", `file://${origin}`, clone]);
    const r = await build({ config: config(), stories: join(clone, "stories"), out: join(clone, "output"), now: new Date("2031-03-01T12:00:00Z") });
    expect(r.diagnostics.map((d) => d.rule)).toEqual(["published-from-first-build", "published-from-first-build"]);
    expect(JSON.parse(readFileSync(join(clone, "output", FIRST_SEEN_FILE), "utf8")).seen).toEqual({
      "more.txt": Date.parse("2031-03-01T12:00:00Z"), "talks.txt": Date.parse("2031-03-01T12:00:00Z"),
    });
  });
});
