/** What every command shares (I/O): settling the config and folders, usage errors, reports. */
import { stat } from "node:fs/promises";
import { statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Config } from "../config/config.js";
import { CONFIG_FILE, DEFAULT_OUTPUT, DEFAULT_STORIES, readConfigText } from "../config/file.js";
import { parseDate } from "../model/dates.js";
import { formatGithub, formatText, type Diagnostic } from "../model/diagnostics.js";

/** Thrown for bad usage: exit code 2, message without a stack. */
export class UsageError extends Error {}

/** A path as the user would type it from here: relative below the working folder, else absolute. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/** The stories folder `build` and `check` read: a UsageError when it is missing or a file. */
export async function needStories(stories: string): Promise<void> {
  const st = await stat(stories).catch((err: NodeJS.ErrnoException) => err);
  if (st instanceof Error) {
    if (st.code === "ENOENT" || st.code === "ENOTDIR") {
      throw new UsageError(`the stories folder ${shown(stories)} does not exist; create it, or give another with --stories`);
    }
    throw new UsageError(`cannot read the stories folder ${shown(stories)}: ${reason(st)}`);
  }
  if (!st.isDirectory()) throw new UsageError(`the stories folder ${shown(stories)} is a file, not a folder; give the folder with --stories`);
}

/** What went wrong with a file system call, in words (the code when there are none). */
export function reason(err: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    EACCES: "permission denied", EPERM: "permission denied", EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device", EDQUOT: "the disk quota is used up",
  };
  return (err.code && words[err.code]) ?? err.code ?? err.message;
}

/**
 * Runs what writes to the output folder; a failure to write there (a path through a file, a
 * read-only or full disk, no permission) becomes one UsageError naming the folder and why.
 */
export async function writing<T>(out: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const inside = typeof e?.path === "string" && (e.path === out || e.path.startsWith(out.endsWith(sep) ? out : out + sep));
    if (!inside || !e.code) throw err;
    // ENOTDIR or EEXIST: the folder, or one on its way, is a file: the nearest that exists.
    let file: string | undefined;
    if (e.code === "ENOTDIR" || e.code === "EEXIST") {
      for (let p = out; file === undefined; p = dirname(p)) {
        let st;
        try {
          st = statSync(p);
        } catch {
          if (p === dirname(p)) break;
          continue;
        }
        if (st.isDirectory()) break;
        file = p;
      }
    }
    throw new UsageError(`cannot write to the output folder ${shown(out)}: ${file ? `${shown(file)} is a file, not a folder` : reason(e)}`);
  }
}

/**
 * The options several commands take, each written once; spread into `.option(...)`. `when`
 * starts a server option's help where it applies only with another ("with --serve: ").
 */
export const OPTION = {
  stories: ["--stories <dir>", "stories folder (default: from config, else ./stories)"],
  config: ["--config <file>", `config file (default: ./${CONFIG_FILE} when present)`],
  out: ["--out <dir>", "output folder (default: from config, else ./output)"],
  host: (when = ""): [string, string, string] => ["--host <host>", `${when}interface to bind`, "127.0.0.1"],
  port: (when = ""): [string, string, string] => ["--port <port>", `${when}port (0: any free one)`, "8080"],
} as const;

export interface Common {
  stories?: string;
  out?: string;
  config?: string;
}

/** The config file's path and text (undefined: absent, and not asked for). */
export async function configText(opts: Common): Promise<{ path: string; text: string | undefined }> {
  const path = resolve(opts.config ?? CONFIG_FILE);
  return { path, text: await readConfigText(path, opts.config !== undefined) };
}

/** Resolves folders: config paths relative to the config file, flags to the cwd. */
export function folders(opts: Common, path: string, stories: string, output: string): { stories: string; out: string } {
  const base = dirname(path);
  return { stories: opts.stories ? resolve(opts.stories) : resolve(base, stories), out: opts.out ? resolve(opts.out) : resolve(base, output) };
}

/** Loads and validates the config and resolves folders. */
export async function settle(opts: Common, read?: { path: string; text: string | undefined }): Promise<{ config: Config; text: string | null; stories: string; out: string }> {
  const { path, text } = read ?? (await configText(opts));
  const { defaultConfig, parseConfig } = await import("../config/config.js");
  const config = text === undefined ? defaultConfig() : parseConfig(path, text);
  return { config, text: text ?? null, ...folders(opts, path, config.stories, config.output) };
}

/**
 * What the up-to-date check needs from the config before it is validated: the folders and the
 * zone `--now` is read in, taken from the raw JSON. Undefined when that JSON cannot be read so;
 * the record's key holds the config's text, so a config that never built cannot match anyway.
 */
export function rawSettings(opts: Common, path: string, text: string | undefined): { stories: string; out: string; timeZone: string } | undefined {
  let json: unknown = {};
  try {
    if (text !== undefined) json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== "object" || json === null) return undefined;
  const str = (v: unknown, fallback: string) => (v === undefined ? fallback : typeof v === "string" ? v : undefined);
  const { stories: s, output: o, timeZone: z } = json as Record<string, unknown>;
  const [stories, output, timeZone] = [str(s, DEFAULT_STORIES), str(o, DEFAULT_OUTPUT), str(z, "UTC")];
  if (stories === undefined || output === undefined || timeZone === undefined) return undefined;
  return { ...folders(opts, path, stories, output), timeZone };
}

/**
 * What a build prints, made or replayed from its record: the diagnostics, one summary line, the
 * next embargo; exit code 1 when any story had an error.
 */
export function reportBuild(r: { read: number; published: number; diagnostics: readonly Diagnostic[]; nextEmbargo?: string }, files: string, out: string, started: number): void {
  report(r.diagnostics);
  const ms = Math.round(performance.now() - started);
  const where = relative(process.cwd(), out) || ".";
  console.log(`wirefeed: ${plural(r.read, "story file")} read, ${r.published} published, ` +
    `${plural(count(r.diagnostics, "warning"), "warning")}, ${plural(count(r.diagnostics, "error"), "error")}, ${files} to ${where}/ in ${ms} ms`);
  if (r.nextEmbargo) console.log(`wirefeed: next embargo lifts at ${r.nextEmbargo}`);
  if (count(r.diagnostics, "error") > 0) process.exitCode = 1;
}

export function parseNow(value: string | undefined, zone: string): Date {
  if (value === undefined) return new Date();
  const r = parseDate(value, zone);
  if (!r.ok) throw new UsageError(`--now: ${r.message}`);
  return r.date;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function report(diagnostics: readonly Diagnostic[], format: "text" | "json" | "github" = "text", stream: NodeJS.WritableStream = process.stderr, stories = "."): void {
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(diagnostics, null, 2)}\n`);
    return;
  }
  // GitHub places an annotation by its path from the repository root (the working folder in Actions).
  const fromRoot = (d: Diagnostic) => formatGithub({ ...d, file: relative(process.cwd(), join(stories, d.file)).split(sep).join("/") });
  const line = format === "github" ? fromRoot : formatText;
  // One write: a thousand warnings cost one system call, not a thousand.
  if (diagnostics.length > 0) stream.write(`${diagnostics.map(line).join("\n")}\n`);
}

export const count = (ds: readonly Diagnostic[], severity: Diagnostic["severity"]) => ds.filter((d) => d.severity === severity).length;

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${value}" is not a port number (0-65535)`);
  return port;
}

/** `--poll` alone (true) or `--poll=MS`: the interval in milliseconds, at least 10. */
export function parsePoll(value: string | true | undefined): boolean | number | undefined {
  if (value === undefined || value === true) return value;
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < 10 || ms > 3_600_000) throw new UsageError(`--poll: "${value}" is not a number of milliseconds (10-3600000)`);
  return ms;
}
