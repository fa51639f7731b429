/**
 * The GitHub Actions workflow in docs/: its `run:` lines that call wirefeed are run here exactly as
 * written (`npx wirefeed` → the compiled CLI), on a copy of the test stories, under the shell
 * Actions uses, so the documented workflow and the CLI cannot drift apart.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { makeTree, storyText } from "../support/tree.js";

const DOCS = fileURLToPath(new URL("../../docs/", import.meta.url));
const VALID = fileURLToPath(new URL("../fixtures/stories/valid/", import.meta.url));
const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

interface Step { name?: string; uses?: string; run?: string; with?: Record<string, string | number> }
interface Workflow { jobs: Record<string, { steps: Step[]; needs?: string | string[] }> }

const text = readFileSync(join(DOCS, "wirefeed.yml"), "utf8");
const workflow = yaml.load(text) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const wirefeedRuns = steps.flatMap((s) => (s.run && /\bwirefeed\b/.test(s.run) ? [s.run.trim()] : []));

/** Runs one workflow line as Actions does (`bash -e -o pipefail`), with the local CLI for npx. */
function runStep(line: string, cwd: string) {
  const command = line.replace(/\bnpx wirefeed\b/g, `node ${JSON.stringify(CLI)}`);
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", command], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function desk(): string {
  const cwd = makeTree({});
  cpSync(VALID, join(cwd, "stories"), { recursive: true });
  return cwd;
}

describe("docs/wirefeed.yml", () => {
  it("is the workflow docs/ci.md shows", () => {
    expect(readFileSync(join(DOCS, "ci.md"), "utf8")).toContain(`\`\`\`yaml\n${text}\`\`\``);
  });

  it("checks out the whole history, checks with annotations, restores the build state, builds, then publishes output/", () => {
    expect(wirefeedRuns).toEqual(["npx wirefeed check --format github", "npx wirefeed build"]);
    const at = (pred: (s: Step) => boolean) => steps.findIndex(pred);
    // Raw stories are dated by their first commit, which a shallow clone does not have.
    expect(steps.find((s) => s.uses?.startsWith("actions/checkout@"))?.with?.["fetch-depth"]).toBe(0);
    const cache = steps[at((s) => s.uses?.startsWith("actions/cache@") ?? false)];
    expect(String(cache?.with?.path).trim().split("\n")).toEqual(["output/.wirefeed-cache.json", "output/.wirefeed-first-seen.json"]);
    expect(at((s) => s === cache)).toBeLessThan(at((s) => s.run === "npx wirefeed build"));
    expect(at((s) => s.run === "npx wirefeed check --format github")).toBeLessThan(at((s) => s === cache));
    expect(steps.find((s) => s.uses?.startsWith("actions/upload-pages-artifact@"))?.with?.path).toBe("output");
    expect(workflow.jobs.deploy?.needs).toBe("build");
    expect(workflow.jobs.deploy?.steps.some((s) => s.uses?.startsWith("actions/deploy-pages@"))).toBe(true);
  });

  it("runs its wirefeed commands cleanly on good stories and writes the feeds", () => {
    const cwd = desk();
    for (const line of wirefeedRuns) {
      const r = runStep(line, cwd);
      expect(r.code, `${line}\n${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).not.toMatch(/^::error/m);
    }
    for (const file of ["rss.xml", "atom.xml", "feed.json"]) expect(existsSync(join(cwd, "output", file)), file).toBe(true);
  });

  it("fails on a broken story, annotating its line with a path from the repository root", () => {
    const cwd = desk();
    writeFileSync(join(cwd, "stories", "broken.md"), storyText({ copyright: "" }));
    const [check, build] = wirefeedRuns.map((line) => runStep(line, cwd));
    expect(check!.code).toBe(1);
    expect(check!.stdout).toMatch(/^::error file=stories\/broken\.md,line=\d+,col=\d+,title=missing-copyright::/m);
    // Were the check step told to carry on, the build would still publish every good story, exiting 1.
    expect(build!.code).toBe(1);
    expect(readFileSync(join(cwd, "output", "feed.json"), "utf8")).toContain("Alpha talks open in Geneva");
  });
});
