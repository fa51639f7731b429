import { formatText, type Diagnostic } from "../model/diagnostics.js";
import type { Effects } from "./apply.js";

/** One rebuild of the watcher, as `onRebuild` receives it and the log line describes it. */
export interface RebuildReport extends Omit<Effects, "read"> {
  /** The watcher's clock when the rebuild judged the stories. */
  at: Date;
  /** What started it: the first build, file events, a timer (embargo), or a full re-listing. */
  trigger: "start" | "files" | "wake" | "rescan";
  /** Output files whose bytes changed, relative to the output folder. */
  written: string[];
  /** Output files rendered again whose bytes were already right. */
  unchanged: string[];
  /** Story files catalogued, and stories in at least one feed. */
  files: number;
  published: number;
  /** Diagnostics not reported by the previous rebuild (all of them for the first). */
  diagnostics: Diagnostic[];
  /** When the watcher wakes by itself next (the next embargo), if ever. */
  nextWake?: Date;
  /** Wall time of the rebuild. */
  ms: number;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `HH:MM:SS` in local time. */
export function clockTime(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `a.md`, `a.md, b.md`, or `500 files (a.md, b.md, c.md, …)`. */
export function names(files: readonly string[], shown = 3): string {
  if (files.length <= shown) return files.join(", ");
  return `${files.length} files (${files.slice(0, shown).join(", ")}, …)`;
}

/**
 * The one line a rebuild prints (pure): time, what changed, files written, milliseconds.
 * @example "14:02:07  added a.md; removed b.md — 3 files written, 12 stories published, in 18 ms"
 */
export function describeRebuild(r: RebuildReport, previousWake?: Date): string {
  const special = new Set([...r.kept, ...r.failed, ...r.fixed]);
  const plain = (files: string[]) => files.filter((f) => !special.has(f));
  const parts: string[] = [];
  const add = (label: string, files: string[]) => {
    if (files.length > 0) parts.push(`${label} ${names(files)}`);
  };
  if (r.trigger === "start") parts.push(`built ${r.files} story file${r.files === 1 ? "" : "s"}`);
  if (r.trigger === "wake") parts.push("woke up for time-based rules");
  if (r.trigger === "rescan") parts.push("read the stories folder again");
  add("added", plain(r.added));
  add("changed", plain(r.changed));
  add("removed", r.removed);
  add("broken, last good version kept:", r.kept);
  add("broken:", r.failed);
  add("fixed", r.fixed);
  if (parts.length === 0) parts.push("no story changed");
  const written = r.written.length === 0 ? "no file written" : `${r.written.length} file${r.written.length === 1 ? "" : "s"} written`;
  let line = `${clockTime(r.at)}  ${parts.join("; ")} — ${written}, ${r.published} stor${r.published === 1 ? "y" : "ies"} published, in ${Math.round(r.ms)} ms`;
  if (r.nextWake && r.nextWake.getTime() !== previousWake?.getTime()) line += `; next wake-up at ${r.nextWake.toISOString()}`;
  return line;
}

/**
 * The diagnostics not printed by the last rebuild (pure), and the lines printed now, to pass back
 * next time: a problem is told once, when it appears, and again only after it went away.
 */
export function freshDiagnostics(all: readonly Diagnostic[], printed: ReadonlySet<string>): { fresh: Diagnostic[]; printed: Set<string> } {
  const lines = new Map(all.map((d) => [diagnosticLine(d), d]));
  return { fresh: [...lines].filter(([line]) => !printed.has(line)).map(([, d]) => d), printed: new Set(lines.keys()) };
}

/**
 * A diagnostic's line, made once per diagnostic: most are the catalogue's, the same objects from
 * one rebuild to the next (a thousand warnings of raw files at 10,000 stories were formatted again
 * on every rebuild). Diagnostics are not changed once made.
 */
const lines = new WeakMap<Diagnostic, string>();
export function diagnosticLine(d: Diagnostic): string {
  let line = lines.get(d);
  if (line === undefined) lines.set(d, (line = formatText(d)));
  return line;
}
