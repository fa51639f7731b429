/**
 * The project stands on its own: no file of it refers to a path above the repository root, so a
 * clone with nothing beside it builds, tests and benchmarks as the maintainers' checkout does.
 */
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { projectFiles, ROOT } from "../support/project.js";

/**
 * A run of `../` (or `..\`) segments that starts a path: not inside a longer one, as in
 * `/categories/../x`, a request target the server must refuse, which names no file of ours.
 */
const PARENT_RUN = /(?<![\w.%~/\\-])(?:\.\.[/\\])+/g;

/** A line resolving paths from the file that holds it: a module specifier or an import.meta.url URL. */
const FROM_THE_FILE = /\bfrom\s*["'`]|\bimport\s*\(|\brequire\s*\(|import\.meta\.(?:url|dirname)/;

/**
 * Files that run from the repository root (npm scripts; CI, benchmark and script files, which
 * `cd` there or build paths from it): their other paths are read against the root as well.
 */
const RUNS_FROM_ROOT = (file: string) => file === "package.json" || /^(\.ci|bench|scripts)\//.test(file);

/**
 * Relative paths that are not paths of this repository: each with why, and nothing else may
 * climb. None today: the output-folder link the site test spells out no longer climbs past the
 * root since the tests moved a folder deeper.
 */
const NOT_OURS: readonly { file: string; text: string; why: string }[] = [];

interface Escape {
  file: string;
  line: number;
  text: string;
}

const outside = (path: string, root: string) => {
  const rel = relative(root, path);
  return rel === ".." || rel.startsWith(`..${sep}`) || resolve(root, rel) !== path;
};

/** Every place in the project's files (or a file given) that refers above `root`. */
function escapes(root: string, files: readonly string[]): Escape[] {
  const found: Escape[] = [];
  for (const file of files) {
    const path = join(root, file);
    if (lstatSync(path).isSymbolicLink()) {
      const target = resolve(dirname(path), readlinkSync(path));
      if (outside(target, root)) found.push({ file, line: 0, text: `symbolic link to ${readlinkSync(path)}` });
      continue;
    }
    const bytes = readFileSync(path);
    if (bytes.subarray(0, 8192).includes(0)) continue; // binary
    const lines = bytes.toString("utf8").split("\n");
    lines.forEach((text, i) => {
      for (const m of text.matchAll(PARENT_RUN)) {
        const run = m[0].replaceAll("\\", "/");
        const bases = [dirname(path)];
        if (RUNS_FROM_ROOT(file) && !FROM_THE_FILE.test(text)) bases.push(root);
        if (!bases.some((base) => outside(resolve(base, run, "x"), root))) continue;
        const snippet = text.slice(Math.max(0, m.index - 1), m.index + 60);
        if (NOT_OURS.some((n) => n.file === file && snippet.startsWith(n.text))) continue;
        found.push({ file, line: i + 1, text: snippet.trim() });
      }
    });
  }
  return found;
}

describe("the project refers to nothing above its root", () => {
  it("no file the repository holds climbs out of it", () => {
    const files = projectFiles();
    expect(files).toContain("package.json");
    expect(files).toContain("tests/schemas/atom.rng");
    expect(escapes(ROOT, files)).toEqual([]);
  });

  it("would catch one: from a test, a bench path built from the root, a dependency, prose, a link", () => {
    const root = mkdtempSync(join(tmpdir(), "wirefeed-escape-"));
    // Written with a variable, so that this file itself climbs nowhere.
    const up = "..";
    const tree: Record<string, string> = {
      "tests/a.test.ts": `const S = new URL("${up}/${up}/elsewhere/", import.meta.url);\nimport { x } from "${up}/src/x.js";\n`,
      "bench/common.mjs": `spawnSync(node, [join(root, "${up}/elsewhere/make.mjs")]);\nconst ok = join(here, "${up}");\n`,
      "package.json": `{ "dependencies": { "kit": "file:${up}/kit" } }\n`,
      "README.md": `Corpora come from \`${up}/elsewhere/make.mjs\`; the server refuses /categories/${up}/${up}/package.json.\n`,
      "scripts/schema.mjs": `writeFileSync(new URL("${up}/schema/s.json", import.meta.url), "");\n`,
      "src/deep/a.ts": `import { y } from "${up}/${up}/src/y.js";\nconst w = "${up}\\${up}\\${up}\\win";\n`,
    };
    try {
      for (const [file, text] of Object.entries(tree)) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), text);
      }
      symlinkSync(`${up}/${up}/elsewhere`, join(root, "tests/data"));
      const found = escapes(root, [...Object.keys(tree), "tests/data"].sort());
      expect(found.map((e) => `${e.file}:${e.line}`)).toEqual([
        "README.md:1", "bench/common.mjs:1", "package.json:1", "src/deep/a.ts:2", "tests/a.test.ts:1", "tests/data:0",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
