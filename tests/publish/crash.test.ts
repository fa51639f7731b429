/**
 * Crash safety: builds killed with SIGKILL at random moments. Every feed file on disk must always
 * be either the old version or the new one, and always parse; the next build tidies what the
 * killed one left and finishes the job.
 */
import { spawn, execFileSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeTree } from "../support/tree.js";
import { xmlWellFormed } from "../validators.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const MAKE_CORPUS = fileURLToPath(new URL("../../bench/make-corpus.mjs", import.meta.url));
const NOW = "2026-11-24T12:00:00Z";

/** Every file under `dir` (relative paths), dotfiles included. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1)).sort();
}

const feedFiles = (dir: string) => files(dir).filter((f) => /\.(xml|json)$/.test(f) && !f.split("/").some((p) => p.startsWith(".")));

function build(cwd: string, stories: string, out: string): void {
  execFileSync(process.execPath, [CLI, "build", "--stories", stories, "--out", out, "--now", NOW], { cwd, stdio: "ignore" });
}

/** Starts a build and SIGKILLs it after `ms`; resolves when it is gone. */
function killedBuild(cwd: string, stories: string, out: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, "build", "--stories", stories, "--out", out, "--now", NOW], { cwd, stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe("a build killed at random moments", () => {
  it("leaves every feed file old or new and parseable, and the next build finishes the job", async () => {
    const root = makeTree({ "wirefeed.config.json": JSON.stringify({ items: 20 }) });
    // Two versions of the same archive: every story's headline differs between them.
    execFileSync(process.execPath, [MAKE_CORPUS, "400", join(root, "v1"), "--seed", "1"]);
    execFileSync(process.execPath, [MAKE_CORPUS, "400", join(root, "v2"), "--seed", "2"]);
    build(root, join(root, "v1"), join(root, "ref1"));
    build(root, join(root, "v2"), join(root, "ref2"));
    const ref = (which: string, f: string) => { try { return readFileSync(join(root, which, f), "utf8"); } catch { return undefined; } };

    // Measure a whole build, to spread the kills over its length.
    const t0 = Date.now();
    build(root, join(root, "v1"), join(root, "probe"));
    const whole = Math.max(50, Date.now() - t0);
    rmSync(join(root, "probe"), { recursive: true });

    const out = join(root, "out");
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let run = 0; run < 8; run++) {
      // Start from the old version, fully built; then the desk swaps in the new stories.
      rmSync(out, { recursive: true, force: true });
      rmSync(join(root, "stories"), { recursive: true, force: true });
      cpSync(join(root, "v1"), join(root, "stories"), { recursive: true });
      build(root, join(root, "stories"), out);
      rmSync(join(root, "stories"), { recursive: true });
      cpSync(join(root, "v2"), join(root, "stories"), { recursive: true });
      await killedBuild(root, join(root, "stories"), out, Math.floor(random() * whole * 1.2));
      for (const f of feedFiles(out)) {
        const text = readFileSync(join(out, f), "utf8");
        expect(text === ref("ref1", f) || text === ref("ref2", f), `${f} after a kill in run ${run} is neither version`).toBe(true);
        if (f.endsWith(".json")) expect(() => JSON.parse(text)).not.toThrow();
        else expect(xmlWellFormed(join(out, f)).output, f).toBe("");
      }
      // The next build tidies the killed one's temporary files and ends equal to a clean build.
      build(root, join(root, "stories"), out);
      expect(files(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      expect(feedFiles(out)).toEqual(feedFiles(join(root, "ref2")));
      for (const f of feedFiles(out)) expect(readFileSync(join(out, f), "utf8") === ref("ref2", f), f).toBe(true);
    }
  }, 240_000);
});
