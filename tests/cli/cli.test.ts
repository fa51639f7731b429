import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeTree, storyText } from "../support/tree.js";
import { dayFolder } from "../../src/cli/skeleton.js";

// The compiled CLI, as `npm test` builds it first (and `npm install` runs `prepare`).
const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

function wirefeed(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .*:\d+:\d+/);

describe("wirefeed build", () => {
  it("exits 0 with one summary line and writes the three feeds", () => {
    const cwd = makeTree({ "stories/a.md": storyText() });
    const r = wirefeed(cwd, "build", "--now", "2026-11-24T12:00:00Z");
    expect(r.code).toBe(0);
    // The three feeds, index.json, and for people: feed.xsl, index.html and two HTML views.
    expect(r.stdout).toMatch(/^wirefeed: 1 story file read, 1 published, 0 warnings, 0 errors, 8 files written \(0 unchanged\) to output\/ in \d+ ms\n$/);
    for (const f of ["rss.xml", "atom.xml", "feed.json"]) expect(existsSync(join(cwd, "output", f))).toBe(true);
  });
  it("exits 1 when a story has an error, still publishing the good ones, with file:line:col diagnostics", () => {
    const cwd = makeTree({ "stories/good.md": storyText(), "stories/bad.md": storyText({ published: "soon" }) });
    const r = wirefeed(cwd, "build", "--now", "2026-11-24T12:00:00Z");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bad\.md:3:1 {2}error {2}published: .* {2}\[invalid-published\]$/m);
    expect(r.stdout).toContain("1 published");
    noStack(r.stderr);
  });
  it("exits 2 for bad usage, a bad --now and bad config, naming the field", () => {
    const cwd = makeTree({ "stories/a.md": storyText(), "bad.json": JSON.stringify({ items: -1 }) });
    expect(wirefeed(cwd, "build", "--bogus").code).toBe(2);
    const now = wirefeed(cwd, "build", "--now", "next tuesday");
    expect(now.code).toBe(2);
    expect(now.stderr).toContain("--now");
    const cfg = wirefeed(cwd, "build", "--config", "bad.json");
    expect(cfg.code).toBe(2);
    expect(cfg.stderr).toMatch(/items: .*received -1/);
    noStack(cfg.stderr);
    expect(wirefeed(cwd, "build", "--config", "missing.json").code).toBe(2);
  });
  it("reads folders from the config file, relative to it", () => {
    const cwd = makeTree({
      "desk/wirefeed.config.json": JSON.stringify({ stories: "in", output: "feeds" }),
      "desk/in/a.md": storyText(),
    });
    const r = wirefeed(cwd, "build", "--config", "desk/wirefeed.config.json", "--now", "2026-11-24T12:00:00Z");
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, "desk/feeds/feed.json"))).toBe(true);
  });
});

describe("wirefeed check", () => {
  const cwd = makeTree({ "stories/good.md": storyText(), "stories/bad.md": storyText({ copyright: "", copyrite: "x" }) });
  it("prints every problem and exits 1, writing nothing", () => {
    const r = wirefeed(cwd, "check");
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      "bad.md:1:1  error  copyright is required: no story goes out without its copyright notice  [missing-copyright]",
      'bad.md:6:1  warning  unknown field "copyrite"; did you mean "copyright"? (it is ignored)  [unknown-field]',
    ]);
    expect(existsSync(join(cwd, "output"))).toBe(false);
  });
  it("speaks JSON and GitHub annotations", () => {
    const json = JSON.parse(wirefeed(cwd, "check", "--format", "json").stdout);
    expect(json).toMatchObject([{ file: "bad.md", line: 1, column: 1, severity: "error", rule: "missing-copyright" }, { rule: "unknown-field" }]);
    const gh = wirefeed(cwd, "check", "--format", "github").stdout;
    expect(gh).toMatch(/^::error file=stories\/bad\.md,line=1,col=1,title=missing-copyright::copyright is required/m);
    expect(gh).toMatch(/^::warning file=stories\/bad\.md,line=6,col=1,title=unknown-field::/m);
  });
  it("exits 0 on clean stories", () => {
    expect(wirefeed(makeTree({ "stories/a.md": storyText() }), "check").code).toBe(0);
  });
});

describe("wirefeed new", () => {
  it("writes a skeleton that checks clean once filled, and never overwrites", () => {
    const cwd = makeTree({ "stories/.keep": "" });
    const r = wirefeed(cwd, "new", "geneva-talks");
    expect(r.code).toBe(0);
    const text = readFileSync(join(cwd, "stories/geneva-talks.md"), "utf8");
    for (const field of ["title", "published", "updated", "id", "byline", "credit", "copyright", "usage_terms", "dateline",
      "summary", "categories", "link", "language", "status", "embargo", "version", "correction"]) {
      expect(text).toMatch(new RegExp(`^(# )?${field}:`, "m"));
    }
    expect(wirefeed(cwd, "check").code).toBe(0);
    writeFileSync(join(cwd, "stories/geneva-talks.md"), "mine");
    const again = wirefeed(cwd, "new", "geneva-talks");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exists");
    expect(readFileSync(join(cwd, "stories/geneva-talks.md"), "utf8")).toBe("mine");
    expect(wirefeed(cwd, "new", "../escape").code).toBe(2);
  });

  it("writes into today's dated folder with --dated, and by itself once the stories folder has year folders", () => {
    const cwd = makeTree({ "stories/.keep": "", "wirefeed.config.json": JSON.stringify({ timeZone: "Pacific/Kiritimati" }) });
    const today = dayFolder(new Date(), "Pacific/Kiritimati");
    expect(today).toMatch(/^\d{4}\/\d\d\/\d\d$/);
    expect(wirefeed(cwd, "new", "flat-one").code).toBe(0);
    expect(readdirSync(join(cwd, "stories")).sort()).toEqual([".keep", "flat-one.md"]);
    const r = wirefeed(cwd, "new", "dated-one", "--dated");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`stories/${today}/dated-one.md`);
    // Year folders there now: a plain `new` follows the layout, `--flat` does not.
    expect(wirefeed(cwd, "new", "dated-two").code).toBe(0);
    expect(readdirSync(join(cwd, "stories", today)).sort()).toEqual(["dated-one.md", "dated-two.md"]);
    expect(wirefeed(cwd, "new", "flat-two", "--flat").code).toBe(0);
    expect(readdirSync(join(cwd, "stories")).filter((n) => n.endsWith(".md")).sort()).toEqual(["flat-one.md", "flat-two.md"]);
    expect(wirefeed(cwd, "new", "x", "--dated", "--flat").code).toBe(2);
  });

  it("names today's folder by the desk's calendar", () => {
    expect(dayFolder(new Date("2026-12-02T23:30:00Z"), "Europe/Berlin")).toBe("2026/12/03");
    expect(dayFolder(new Date("2026-12-02T23:30:00Z"), "UTC")).toBe("2026/12/02");
    expect(dayFolder(new Date("2026-01-01T03:00:00Z"), "America/New_York")).toBe("2025/12/31");
  });
});

describe("wirefeed build --no-cache", () => {
  it("neither reads nor writes the build cache", () => {
    const cwd = makeTree({ "stories/a.md": storyText() });
    expect(wirefeed(cwd, "build", "--no-cache", "--now", "2026-11-24T12:00:00Z").code).toBe(0);
    expect(existsSync(join(cwd, "output", ".wirefeed-cache.json"))).toBe(false);
    expect(wirefeed(cwd, "build", "--now", "2026-11-24T12:00:00Z").code).toBe(0);
    expect(existsSync(join(cwd, "output", ".wirefeed-cache.json"))).toBe(true);
  });
});
