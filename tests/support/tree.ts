import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Makes a temp folder from an inline file tree: `{ "stories/a.md": "…" }`. Returns its path. */
export function makeTree(files: Record<string, string | Uint8Array>, prefix = "wirefeed-"): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return root;
}

/** A minimal valid Markdown story; `fields` override or add front-matter lines. */
export function storyText(fields: Record<string, string> = {}, body = "GENEVA — Talks resumed on Friday.\n"): string {
  const all = {
    title: '"Talks resume in Geneva"',
    published: "2026-11-20T09:15:00+01:00",
    byline: '"By Amira Haddad"',
    credit: "Northwind Wire",
    copyright: '"Copyright © 2026 Northwind Wire. All rights reserved."',
    ...fields,
  };
  const lines = Object.entries(all).filter(([, v]) => v !== "").map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join("\n")}\n---\n\n${body}`;
}

/** Sets a file's times `seconds` ago (an hour by default: old enough that a build trusts size and time without hashing). */
export function age(path: string, seconds = 3600): void {
  const t = Date.now() / 1000 - seconds;
  utimesSync(path, t, t);
}
