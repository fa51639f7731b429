/**
 * A build's progress line (#20): drawn on a terminal, never in CI or into a pipe or file. The
 * terminal is a real pseudo-terminal, made by util-linux's `script`, around the compiled CLI.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { inCi } from "../../src/cli/progress.js";
import { makeTree } from "../support/tree.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const MAKE_CORPUS = fileURLToPath(new URL("../../bench/make-corpus.mjs", import.meta.url));
const NOW = "2026-11-24T12:00:00Z";

/** A cold build of `stories` into `out`, its stderr and stdout on a pseudo-terminal: what the terminal received. */
function onTerminal(stories: string, out: string, env: NodeJS.ProcessEnv): string {
  const command = [process.execPath, CLI, "build", "--stories", stories, "--out", out, "--now", NOW].map((a) => `'${a}'`).join(" ");
  // -e: the build's exit code; -c: the command; /dev/null: no transcript file.
  const r = spawnSync("script", ["-qec", command, "/dev/null"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  expect(r.status).toBe(0);
  return r.stdout;
}

/** Every progress line drawn, in order. */
const progressLines = (terminal: string) => [...terminal.matchAll(/\r\x1b\[2Kwirefeed: (\d+) of (\d+) story files read, (\d+) files? written/g)]
  .map((m) => ({ read: Number(m[1]), total: Number(m[2]), written: Number(m[3]) }));

const quiet = { ...process.env, CI: "" };

describe("progress of a build", () => {
  const root = makeTree({});
  const stories = join(root, "stories");
  execFileSync(process.execPath, [MAKE_CORPUS, "120", stories, "--raw-every", "10"]);

  it("is drawn on a terminal in place, counts up to every file, and is erased before the summary", () => {
    const terminal = onTerminal(stories, join(root, "tty"), quiet);
    const lines = progressLines(terminal);
    expect(lines.length).toBeGreaterThan(0);
    const last = lines.at(-1)!;
    // 120 stories: the main feed, two archive pages, the desks, index.json and the site files.
    expect(last).toMatchObject({ read: 120, total: 120 });
    const summary = /wirefeed: 120 story files read, 120 published, .* (\d+) files written/.exec(terminal);
    expect(summary).not.toBeNull();
    expect(last.written).toBe(Number(summary![1]));
    for (let i = 1; i < lines.length; i++) {
      expect(lines[i]!.read).toBeGreaterThanOrEqual(lines[i - 1]!.read);
      expect(lines[i]!.written).toBeGreaterThanOrEqual(lines[i - 1]!.written);
    }
    // Erased: the line is cleared before the summary is printed over it.
    const drawn = [...terminal.matchAll(/\r\x1b\[2Kwirefeed: \d+ of \d+ story files read, \d+ files? written/g)].at(-1)!;
    const after = terminal.slice(drawn.index + drawn[0].length);
    expect(after).toMatch(/^\r\x1b\[2K/);
    expect(after.indexOf("wirefeed: 120 story files read")).toBeGreaterThan(0);
  });

  it("stays quiet on a terminal in CI", () => {
    const terminal = onTerminal(stories, join(root, "ci"), { ...process.env, CI: "true" });
    expect(progressLines(terminal)).toEqual([]);
    expect(terminal).not.toContain("\x1b[2K");
    expect(terminal).toMatch(/wirefeed: 120 story files read/);
  });

  it("stays quiet when stderr is a pipe", () => {
    const r = spawnSync(process.execPath, [CLI, "build", "--stories", stories, "--out", join(root, "pipe"), "--now", NOW], { env: quiet, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain("story files read");
    expect(r.stderr).not.toContain("\r");
  });

  it("reads CI as the CI services set it", () => {
    expect(inCi({ CI: "true" })).toBe(true);
    expect(inCi({ CI: "1" })).toBe(true);
    expect(inCi({})).toBe(false);
    expect(inCi({ CI: "" })).toBe(false);
    expect(inCi({ CI: "false" })).toBe(false);
    expect(inCi({ CI: "0" })).toBe(false);
  });
});
