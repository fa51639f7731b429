#!/usr/bin/env node
import { writeFile, mkdir, readdir, stat } from "node:fs/promises";
import { statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { Command, CommanderError, Option } from "commander";
import type { Config } from "./config.js";
import { CONFIG_FILE, ConfigError, DEFAULT_OUTPUT, DEFAULT_STORIES, readConfigText } from "./config-file.js";
import { parseDate } from "./dates.js";
import { formatGithub, formatText, type Diagnostic } from "./diagnostics.js";
import { stampKey, upToDate } from "./stamp.js";
import { VERSION } from "./version.js";
import { changedFeedUrls, createPublisher } from "./websub.js";

// The pipeline, the config schema (zod) and the renderers are imported where used: a build that
// finds nothing changed (see stamp.ts) never loads them, and starting up is most of its time.

/** Where Debian's libnginx-mod-http-brotli-static installs the module (see nginx.ts). */
const DEBIAN_BROTLI_MODULE_PATH = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/** Thrown for bad usage: exit code 2, message without a stack. */
class UsageError extends Error {}

/** A path as the user would type it from here: relative below the working folder, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/** The stories folder `build` and `check` read: a UsageError when it is missing or a file. */
async function needStories(stories: string): Promise<void> {
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
function reason(err: NodeJS.ErrnoException): string {
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
async function writing<T>(out: string, run: () => Promise<T>): Promise<T> {
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

interface Common {
  stories?: string;
  out?: string;
  config?: string;
}

/** The config file's path and text (undefined: absent, and not asked for). */
async function configText(opts: Common): Promise<{ path: string; text: string | undefined }> {
  const path = resolve(opts.config ?? CONFIG_FILE);
  return { path, text: await readConfigText(path, opts.config !== undefined) };
}

/** Resolves folders: config paths relative to the config file, flags to the cwd. */
function folders(opts: Common, path: string, stories: string, output: string): { stories: string; out: string } {
  const base = dirname(path);
  return { stories: opts.stories ? resolve(opts.stories) : resolve(base, stories), out: opts.out ? resolve(opts.out) : resolve(base, output) };
}

/** Loads and validates the config and resolves folders. */
async function settle(opts: Common, read?: { path: string; text: string | undefined }): Promise<{ config: Config; stories: string; out: string }> {
  const { path, text } = read ?? (await configText(opts));
  const { defaultConfig, parseConfig } = await import("./config.js");
  const config = text === undefined ? defaultConfig() : parseConfig(path, text);
  return { config, ...folders(opts, path, config.stories, config.output) };
}

/**
 * What the up-to-date check needs from the config before it is validated: the folders and the
 * zone `--now` is read in, taken from the raw JSON. Undefined when that JSON cannot be read so;
 * the stamp's key holds the config's text, so a config that never built cannot match anyway.
 */
function rawSettings(opts: Common, path: string, text: string | undefined): { stories: string; out: string; timeZone: string } | undefined {
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
 * What a build prints, made or replayed from its stamp: the diagnostics, one summary line, the
 * next embargo; exit code 1 when any story had an error.
 */
function reportBuild(r: { read: number; published: number; diagnostics: readonly Diagnostic[]; nextEmbargo?: string }, files: string, out: string, started: number): void {
  report(r.diagnostics);
  const ms = Math.round(performance.now() - started);
  const where = relative(process.cwd(), out) || ".";
  console.log(`wirefeed: ${plural(r.read, "story file")} read, ${r.published} published, ` +
    `${plural(count(r.diagnostics, "warning"), "warning")}, ${plural(count(r.diagnostics, "error"), "error")}, ${files} to ${where}/ in ${ms} ms`);
  if (r.nextEmbargo) console.log(`wirefeed: next embargo lifts at ${r.nextEmbargo}`);
  if (count(r.diagnostics, "error") > 0) process.exitCode = 1;
}

function parseNow(value: string | undefined, zone: string): Date {
  if (value === undefined) return new Date();
  const r = parseDate(value, zone);
  if (!r.ok) throw new UsageError(`--now: ${r.message}`);
  return r.date;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function report(diagnostics: readonly Diagnostic[], format: "text" | "json" | "github" = "text", stream: NodeJS.WritableStream = process.stderr, stories = "."): void {
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

const count = (ds: readonly Diagnostic[], severity: Diagnostic["severity"]) => ds.filter((d) => d.severity === severity).length;

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${value}" is not a port number (0-65535)`);
  return port;
}

/** `--poll` alone (true) or `--poll=MS`: the interval in milliseconds, at least 10. */
function parsePoll(value: string | true | undefined): boolean | number | undefined {
  if (value === undefined || value === true) return value;
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < 10 || ms > 3_600_000) throw new UsageError(`--poll: "${value}" is not a number of milliseconds (10-3600000)`);
  return ms;
}

/** Serves the output folder (not yet announced): a UsageError when the port cannot be had. */
async function listen(config: Config, out: string, host: string, port: number, authOnly = false) {
  const partners = config.partners ?? [];
  // Imported when used: `build` and `check` need neither the server nor the watcher.
  const { serve, queuedLog } = await import("./serve.js");
  try {
    return await serve({
      out, host, port, partners, ttlSeconds: config.ttl * 60, log: queuedLog(), limits: serveLimits(config), hub: config.hub, siteUrl: config.siteUrl, authOnly,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${host}:${port}`;
    if (code === "EADDRINUSE") throw new UsageError(`port ${port} is already in use on ${host}; stop what holds it, or choose another with --port (0: any free one)`);
    if (code === "EACCES") throw new UsageError(`${where}: not allowed to listen there (ports below 1024 need privileges); choose another with --port`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") throw new UsageError(`--host ${host}: not an address of this machine`);
    throw err;
  }
}

/** Prints where the output folder is served (or, with `--auth-only`, where tokens are checked). */
function announceServing(config: Config, out: string, serving: Awaited<ReturnType<typeof listen>>, authOnly = false): void {
  const partners = config.partners ?? [];
  if (authOnly) {
    console.log(`wirefeed: checking partner tokens at ${serving.url} (${plural(partners.length, "partner")}), for nginx auth_request`);
    return;
  }
  console.log(`wirefeed: serving ${relative(process.cwd(), out) || "."}/ at ${serving.url}` +
    (partners.length ? ` (${plural(partners.length, "partner")}; feeds need a token)` : " (public)"));
  for (const name of ["index.html", "rss.xml", "atom.xml", "feed.json"]) console.log(`  ${serving.url}${name}`);
}

/** Config `serve` (seconds) as the server's limits (milliseconds). */
function serveLimits(config: Config) {
  const s = config.serve;
  return s && {
    headersTimeoutMs: s.headersTimeout * 1000, requestTimeoutMs: s.requestTimeout * 1000, keepAliveTimeoutMs: s.keepAliveTimeout * 1000,
    idleTimeoutMs: s.idleTimeout * 1000, maxConnections: s.maxConnections,
  };
}

/** Tells the configured WebSub hub which feeds changed, and waits for the pings (a few tries). */
async function announce(config: Config, written: readonly string[]): Promise<void> {
  const urls = changedFeedUrls(written, config.siteUrl);
  if (!config.hub || urls.length === 0) return;
  const hub = createPublisher({ hub: config.hub, retry: { tries: 3 }, timeoutMs: 5000 });
  hub.notify(urls);
  await hub.idle();
}

function program(): Command {
  const cli = new Command("wirefeed")
    .description("Turns wire stories into attributed RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds")
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError();

  const common = (cmd: Command) =>
    cmd.option("--stories <dir>", "stories folder (default: from config, else ./stories)")
      .option("--config <file>", `config file (default: ./${CONFIG_FILE} when present)`);

  common(cli.command("build").description("build output/ from stories/ once"))
    .option("--out <dir>", "output folder (default: from config, else ./output)")
    .option("--now <iso>", "the instant to judge embargoes at (default: the clock)")
    .option("--no-cache", "ignore the build cache in the output folder and do not write one")
    .action(async (opts: Common & { now?: string; cache: boolean }) => {
      const started = performance.now();
      const read = await configText(opts);
      // Nothing changed since the last build (stamp.ts): replay its report, load nothing else.
      const raw = opts.cache ? rawSettings(opts, read.path, read.text) : undefined;
      const quickNow = raw && (opts.now === undefined ? { ok: true as const, date: new Date() } : parseDate(opts.now, raw.timeZone));
      if (raw && quickNow?.ok) {
        const stamped = await upToDate(raw.stories, raw.out, stampKey(VERSION, read.text, raw.stories, raw.out), quickNow.date);
        if (stamped) return reportBuild(stamped, "nothing changed, 0 files written", raw.out, started);
      }
      const { config, stories, out } = await settle(opts, read);
      await needStories(stories);
      const { build } = await import("./build.js");
      const now = parseNow(opts.now, config.timeZone);
      const result = await writing(out, () => build({ config, stories, out, now, cache: opts.cache, stamp: stampKey(VERSION, read.text, stories, out) }));
      const files = `${plural(result.written.length, "file")} written (${result.unchanged.length} unchanged)`;
      reportBuild({ ...result, nextEmbargo: result.nextEmbargo?.toISOString() }, files, out, started);
      await announce(config, result.written);
    });

  common(cli.command("check").description("report every problem in every story; writes nothing"))
    .addOption(new Option("--format <format>", "report format").choices(["text", "json", "github"]).default("text"))
    .action(async (opts: Common & { format: "text" | "json" | "github" }) => {
      const { config, stories, out } = await settle(opts);
      await needStories(stories);
      const { check } = await import("./build.js");
      const result = await check({ config, stories, out, now: new Date() });
      report(result.diagnostics, opts.format, opts.format === "text" ? process.stderr : process.stdout, stories);
      const errors = count(result.diagnostics, "error");
      if (opts.format === "text") {
        console.log(`wirefeed: ${plural(result.read, "story file")} checked, ${plural(errors, "error")}, ${plural(count(result.diagnostics, "warning"), "warning")}`);
      }
      if (errors > 0) process.exitCode = 1;
    });

  common(cli.command("new").description("write a story skeleton with every field; never overwrites").argument("<id>", "story id: letters, digits, -, _ and ."))
    .option("--dated", "write into today's dated folder, YYYY/MM/DD (the default when the stories folder already has year folders)")
    .option("--flat", "write into the stories folder itself")
    .action(async (id: string, opts: Common & { dated?: boolean; flat?: boolean }) => {
      const [{ ID_PATTERN }, { dayFolder, looksDated, skeleton }] = await Promise.all([import("./frontmatter.js"), import("./skeleton.js")]);
      if (!ID_PATTERN.test(id)) throw new UsageError(`id "${id}" must use letters, digits, -, _ and . only`);
      if (opts.dated && opts.flat) throw new UsageError("--dated and --flat: choose one");
      const { config, stories } = await settle(opts);
      const now = new Date();
      const dated = opts.dated ?? (!opts.flat && looksDated(await readdir(stories, { withFileTypes: true }).catch(() => [])));
      const folder = dated ? join(stories, ...dayFolder(now, config.timeZone).split("/")) : stories;
      const path = join(folder, `${id}.md`);
      await mkdir(folder, { recursive: true });
      try {
        await writeFile(path, skeleton(id, now, config), { flag: "wx" });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${relative(process.cwd(), path)} already exists; not overwritten`);
        throw err;
      }
      console.log(`wirefeed: wrote ${relative(process.cwd(), path)}`);
    });

  common(cli.command("watch").description("build once, then rebuild the feeds whenever story files change"))
    .option("--out <dir>", "output folder (default: from config, else ./output)")
    .option("--serve", "also serve the output folder over HTTP (as wirefeed serve)")
    .option("--host <host>", "with --serve: interface to bind", "127.0.0.1")
    .option("--port <port>", "with --serve: port (0: any free one)", "8080")
    .option("--poll [ms]", "poll the stories folder instead of waiting for file-system events (NFS, SMB, FUSE shares); default interval from config, else 1000 ms")
    .action(async (opts: Common & { serve?: boolean; host: string; port: string; poll?: string | true }) => {
      const port = parsePort(opts.port);
      const poll = parsePoll(opts.poll);
      const { config, stories, out } = await settle(opts);
      // The port first: a second `npm start` stops here, before it writes into the first one's folder.
      const serving = opts.serve ? await listen(config, out, opts.host, port) : undefined;
      // With a hub, every rebuild that changed a feed is announced; the watcher never waits for it.
      const hub = config.hub ? createPublisher({ hub: config.hub }) : undefined;
      // SIGINT/SIGTERM, even during the first build: let the write in progress finish, then
      // exit 0. A second signal does not wait.
      let signalled: NodeJS.Signals | undefined;
      let stopRequested = () => {};
      const stopping = new Promise<void>((resolve) => (stopRequested = resolve));
      const stop = (signal: NodeJS.Signals) => {
        if (signalled) process.exit(130);
        signalled = signal;
        console.log(`wirefeed: ${signal}: stopping after the write in progress`);
        stopRequested();
      };
      process.on("SIGINT", stop).on("SIGTERM", stop);
      const closeServer = () => new Promise((done) => (serving ? serving.server.close(done) : done(undefined)));
      const [{ watch }, { describeMode }] = await Promise.all([import("./watch.js"), import("./watch/mode.js")]);
      const watcher = await writing(out, () => watch({
        config, stories, out, log: (line) => console.log(line),
        // `--poll` alone keeps the interval the config gives, if it gives one.
        poll: poll === true && typeof config.watch.poll === "number" ? config.watch.poll : poll,
        onRebuild: (r) => hub?.notify(changedFeedUrls(r.written, config.siteUrl)),
      })).catch(async (err: unknown) => {
        hub?.close();
        await closeServer();
        process.off("SIGINT", stop).off("SIGTERM", stop);
        throw err;
      });
      if (serving && !signalled) announceServing(config, out, serving);
      if (!signalled) {
        const where = (p: string) => relative(process.cwd(), p) || ".";
        console.log(`wirefeed: feeds in ${where(out)}/ (rss.xml, atom.xml, feed.json); watching ${where(stories)}/ ${describeMode(watcher.poll)}; Ctrl-C stops`);
      }
      await stopping;
      await watcher.close();
      hub?.close();
      await closeServer();
      process.off("SIGINT", stop).off("SIGTERM", stop);
      console.log("wirefeed: stopped");
      process.exitCode = 0;
    });

  cli.command("serve").description("serve the output folder over HTTP (partner tokens, ETags, gzip and brotli)")
    .option("--out <dir>", "output folder (default: from config, else ./output)")
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--port <port>", "port (0: any free one)", "8080")
    .option("--config <file>", `config file (default: ./${CONFIG_FILE} when present)`)
    .option("--auth-only", "answer only token checks for a static server in front (nginx auth_request; see wirefeed nginx-conf)")
    .action(async (opts: Common & { host: string; port: string; authOnly?: boolean }) => {
      const port = parsePort(opts.port);
      const { config, out } = await settle(opts);
      const authOnly = opts.authOnly === true;
      announceServing(config, out, await listen(config, out, opts.host, port, authOnly), authOnly);
    });

  cli.command("nginx-conf").description("print an nginx.conf that serves the output folder as wirefeed serve does (run: nginx -p PREFIX -c FILE)")
    .option("--out <dir>", "output folder (default: from config, else ./output)")
    .option("--listen <host:port>", "where nginx listens", "127.0.0.1:8080")
    .option("--auth <host:port>", "with partners: where wirefeed serve --auth-only listens", "127.0.0.1:8081")
    .option("--max-age <seconds>", "Cache-Control max-age (default: config ttl)")
    .option("--brotli-module <file>", "the brotli_static module to load; \"none\" for gzip only", DEBIAN_BROTLI_MODULE_PATH)
    .option("--config <file>", `config file (default: ./${CONFIG_FILE} when present)`)
    .action(async (opts: Common & { listen: string; auth: string; brotliModule: string; maxAge?: string }) => {
      const maxAge = opts.maxAge === undefined ? undefined : Number(opts.maxAge);
      if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0)) throw new UsageError(`--max-age: "${opts.maxAge}" is not a number of seconds`);
      for (const [flag, value] of [["--listen", opts.listen], ["--auth", opts.auth]] as const) {
        if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(value)) throw new UsageError(`${flag}: "${value}" is not HOST:PORT`);
      }
      const { config, out } = await settle(opts);
      const { nginxConf } = await import("./nginx.js");
      const brotliModule = opts.brotliModule === "none" ? undefined : resolve(opts.brotliModule);
      process.stdout.write(nginxConf(config, { out, listen: opts.listen, auth: opts.auth, brotliModule, ...(maxAge === undefined ? {} : { maxAge }) }));
    });

  cli.command("hash-token").description("print the SHA-256 of a partner token, for tokenSha256 in config").argument("[token]", "the token; omit or - to read it from stdin (keeps it out of shell history)")
    .action(async (token?: string) => {
      let value = token;
      if (value === undefined || value === "-") {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        value = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
      }
      if (value === "") throw new UsageError("hash-token: the token is empty");
      const { hashToken } = await import("./partners.js");
      console.log(hashToken(value));
    });
  return cli;
}

/** Runs the CLI; the only place that sets `process.exitCode`. */
export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
    } else if (err instanceof ConfigError) {
      const at = err.at ? `:${err.at.line}:${err.at.column}` : "";
      process.stderr.write(`wirefeed: bad config ${shown(err.file)}${at}: ${err.problems.join("; ")}\n`);
      process.exitCode = 2;
    } else if (err instanceof UsageError) {
      process.stderr.write(`wirefeed: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`wirefeed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    }
  }
}

await main(process.argv);
