import { execFileSync } from "node:child_process";
import { existsSync, lstatSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The files of the project, relative to the root, `/`-separated: what git tracks, plus files not
 * yet added that .gitignore does not exclude (what the next commit would hold). Files deleted from
 * the working tree and not yet from the index are left out; symbolic links are kept as links.
 */
export function projectFiles(root = ROOT): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
  return [...new Set(out.split("\0").filter(Boolean))].filter((f) => existsSync(join(root, f)) || isLink(join(root, f))).sort();
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
