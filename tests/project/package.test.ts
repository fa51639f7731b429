/**
 * The package installs like any npm CLI: packed from the project's files alone (as a clone has
 * them, so a build step that works only in a worked-in checkout fails here), installed from the
 * tarball into an empty folder, and run with npx. Needs the npm registry for the dependencies
 * (or npm's cache, which `npm ci` filled).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectValidFeeds } from "../support/judge.js";
import { projectFiles, ROOT } from "../support/project.js";
import { makeTree } from "../support/tree.js";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string; dependencies: Record<string, string> };

/**
 * npm or npx in `cwd`, quietly; throws with its output when it fails. npx is told never to fetch
 * a package (`yes=false`, as `--no`, which would make it read `--version` as its own flag): what
 * runs is what the tarball installed.
 */
function npm(tool: "npm" | "npx", cwd: string, args: string[]): string {
  const r = spawnSync(tool, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", npm_config_yes: "false" } });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The bare module names a built file imports (`node:` built-ins left out). */
function bareImports(dir: string): Set<string> {
  const names = new Set<string>();
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"))) {
    const text = readFileSync(join(dir, f), "utf8");
    // Static imports and re-exports (each statement from its line's start), `import("x")`, and
    // `createRequire(import.meta.url)("x")`, as markdown-it is loaded.
    const specifiers = /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|(?:^|\n)\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|createRequire\([^)]*\)\(\s*["']([^"']+)["']\s*\)/g;
    for (const m of text.matchAll(specifiers)) {
      const spec = (m[1] ?? m[2] ?? m[3] ?? m[4])!;
      if (spec.startsWith(".")) continue;
      if (spec.startsWith("node:")) continue;
      names.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
    }
  }
  return names;
}

describe("npm pack, npm install <tarball>, npx wirefeed", () => {
  it("installs from the tarball into an empty folder and builds the bundled stories into three valid feeds", () => {
    const work = makeTree({}, "wirefeed-pack-");
    // The project's files, as a clone has them; its dev tools (tsc for `prepare`) from node_modules.
    const clone = join(work, "clone");
    for (const f of projectFiles()) {
      mkdirSync(join(clone, f, ".."), { recursive: true });
      copyFileSync(join(ROOT, f), join(clone, f));
    }
    symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"), "dir");
    const [packed] = JSON.parse(npm("npm", clone, ["pack", "--json", "--pack-destination", work])) as [{ filename: string; files: { path: string }[] }];
    const tarball = join(work, packed!.filename);
    expect(existsSync(tarball)).toBe(true);
    const shipped = packed!.files.map((f) => f.path);
    expect(shipped).toContain("dist/cli/main.js");
    expect(shipped).toContain("schema/wirefeed.config.schema.json");
    expect(shipped.filter((f) => !/^(dist|schema)\/|^(package\.json|README\.md|LICENSE)$/.test(f))).toEqual([]);

    // An empty folder; --prefix keeps npm from settling on a package.json above it.
    const app = join(work, "app");
    mkdirSync(app);
    npm("npm", app, ["install", "--prefix", app, "--no-audit", "--no-fund", "--prefer-offline", tarball]);
    const installed = join(app, "node_modules", pkg.name);
    // Runtime dependencies only: the one a test compares against stays behind.
    expect(existsSync(join(app, "node_modules", "feed"))).toBe(false);
    // Every runtime dependency is one the built CLI imports, and it imports no other.
    expect([...bareImports(join(installed, "dist"))].sort()).toEqual(Object.keys(pkg.dependencies).sort());

    expect(npm("npx", app, ["wirefeed", "--version"])).toBe(`${pkg.version}\n`);
    const out = join(app, "feeds");
    const stdout = npm("npx", app, ["wirefeed", "build", "--stories", join(ROOT, "stories"), "--out", out]);
    const stories = readdirSync(join(ROOT, "stories")).filter((f) => /\.(md|txt)$/.test(f)).length;
    expect(stdout).toMatch(new RegExp(`^wirefeed: ${stories} story files read, ${stories} published, \\d+ warnings?, 0 errors, `));
    const { rss, atom, json } = expectValidFeeds(out);
    expect(rss.entries).toHaveLength(stories);
    expect(atom.entries).toHaveLength(stories);
    expect(json.items).toHaveLength(stories);
    // The tarball's own schema file is where README tells editors to find it.
    expect(JSON.parse(readFileSync(join(installed, "schema", "wirefeed.config.schema.json"), "utf8"))).toHaveProperty("properties.siteUrl");
    rmSync(work, { recursive: true, force: true });
  }, 300_000);
});
