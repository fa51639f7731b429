/**
 * The shape of src/: the stages import only the ones before them and never each other in a
 * cycle (the rule file .dependency-cruiser.cjs, run by dependency-cruiser on the real sources),
 * and no source file grows past what can be read in one sitting.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTree } from "../support/tree.js";

const ROOT = join(import.meta.dirname, "../..");
const DEPCRUISE = join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const RULES = join(ROOT, ".dependency-cruiser.cjs");

/** Most lines a source file may have. */
const MAX_LINES = 300;

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** dependency-cruiser's violations for `src/` under `root`, judged by the project's rule file. */
function violations(root: string): Violation[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [DEPCRUISE, "src", "--config", RULES, "--output-type", "json"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    // It exits non-zero when it finds errors; the report is still on stdout.
    out = (e as { stdout: string }).stdout;
  }
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

const describeRule = (v: Violation) => `${v.rule.name}: ${v.from} → ${v.to}`;

describe("the stages", () => {
  it("import only the stages before them, with no cycle", () => {
    expect(violations(ROOT).map(describeRule)).toEqual([]);
  });

  it("are judged by a rule file that catches a cycle, an upward import and a stray file", () => {
    const root = makeTree({
      "src/model/story.ts": 'import { Plan } from "../plan/plan.js";\nexport type Story = { plan: Plan };\n',
      "src/plan/plan.ts": 'import type { Story } from "../model/story.js";\nexport type Plan = { stories: Story[] };\n',
      "src/ingest/read.ts": 'import { parse } from "./parse.js";\nexport const read = () => parse();\n',
      "src/ingest/parse.ts": 'import { read } from "./read.js";\nexport const parse = (): unknown => read;\n',
      "src/helpers.ts": 'import type { Story } from "./model/story.js";\nexport const id = (s: Story) => s;\n',
    }, "wirefeed-layers-");
    try {
      copyFileSync(join(ROOT, "tsconfig.json"), join(root, "tsconfig.json"));
      const found = violations(root).map(describeRule);
      expect(found).toContain("no-upward-from-model: src/model/story.ts → src/plan/plan.ts");
      expect(found.filter((f) => /^no-cycle: src\/ingest\/(read|parse)\.ts → src\/ingest\/(read|parse)\.ts$/.test(f))).not.toEqual([]);
      expect(found).toContain("stage-folders-only: src/helpers.ts → src/model/story.ts");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("source files", () => {
  it(`are at most ${MAX_LINES} lines each`, () => {
    const files = readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(30);
    const long = files
      .map((f) => [f, readFileSync(join(ROOT, "src", f), "utf8").split("\n").length - 1] as const)
      .filter(([, lines]) => lines > MAX_LINES)
      .map(([f, lines]) => `src/${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
