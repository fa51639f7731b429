import { z } from "zod";
import { CONFIG_FILE, ConfigError, DEFAULT_OUTPUT, DEFAULT_STORIES, jsonErrorOffset, readConfigText } from "./config-file.js";
import { isTimeZone } from "./dates.js";
import { positionOf } from "./diagnostics.js";
import { feedsSchema } from "./desk.js";
import { partnerSchema } from "./partners.js";
import { DEFAULT_CREDIT_LINE, templateProblems } from "./render/credit.js";
import { DEFAULT_POLL_MS, DEFAULT_SETTLE_MS } from "./watch/mode.js";

export { CONFIG_FILE, ConfigError };

/** The config schema: validates `wirefeed.config.json` and fills in the embedded defaults. */
export const configSchema = z
  .object({
    $schema: z.string().optional().describe("Path or URL of this file's JSON Schema, for editors"),
    siteUrl: z.url({ protocol: /^https?$/ }).default("https://news.example.com/")
      .describe("Absolute URL of the site; feed URLs and default story links are made from it"),
    title: z.string().min(1).default("Wire stories").describe("Feed title"),
    description: z.string().default("Latest stories from the wire desk").describe("Feed description"),
    language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "a BCP 47 tag such as en or en-GB").default("en")
      .describe("Feed language, BCP 47"),
    timeZone: z.string().refine(isTimeZone, "an IANA time zone such as Europe/London").default("UTC")
      .describe("Zone for story times written without a UTC offset"),
    items: z.number().int().min(1).max(10_000).default(50).describe("Most items per feed"),
    copyright: z.string().min(1).default("Copyright © the respective agencies. All rights reserved.")
      .describe("Channel copyright notice"),
    publisher: z.string().min(1).optional()
      .describe("Credit for stories that name none; with no byline either, such a story is an error"),
    ttl: z.number().int().min(1).default(5).describe("Minutes a reader may cache the feed (RSS ttl)"),
    maxBytes: z.number().int().min(1024).default(2 * 1024 * 1024).describe("Largest story file read, in bytes; larger files are refused unread"),
    stories: z.string().min(1).default(DEFAULT_STORIES).describe("Stories folder, relative to the config file"),
    output: z.string().min(1).default(DEFAULT_OUTPUT).describe("Output folder, relative to the config file"),
    partners: z.array(partnerSchema).optional()
      .describe("Who may read which feeds from `wirefeed serve`; with none, feeds are public"),
    creditLine: z.union([
      z.literal(false),
      z.string().min(1).superRefine((t, ctx) => { for (const message of templateProblems(t)) ctx.addIssue({ code: "custom", message }); }),
    ], { error: "expected a template such as \"By {byline} · {credit} · {copyright}\", or false" }).default(DEFAULT_CREDIT_LINE)
      .describe("Credit line written at the end of every item's content: {byline}, {credit}, {copyright}, {usage_terms}, {dateline}, {pictures}; [ ] around a part written only when its fields are set; false for none"),
    hub: z.url({ protocol: /^https?$/ }).optional()
      .describe("WebSub hub URL: feeds link to it, and changed feeds are announced to it"),
    precompress: z.boolean().default(true)
      .describe("Write gzip (.gz) and brotli (.br) copies beside each feed and view, for servers that send precompressed files"),
    serve: z.object({
      headersTimeout: z.number().positive().max(3600).default(10).describe("Seconds a client has to send a request's headers"),
      requestTimeout: z.number().positive().max(3600).default(20).describe("Seconds a client has to send a whole request"),
      keepAliveTimeout: z.number().positive().max(3600).default(5).describe("Seconds an idle keep-alive connection is kept"),
      idleTimeout: z.number().positive().max(3600).default(30).describe("Seconds a connection may stay silent before it is closed"),
      maxConnections: z.number().int().min(1).default(4096).describe("Connections held at once; more are closed as they arrive"),
    }).strict().optional()
      .describe("Limits of `wirefeed serve`: timeouts in seconds and the connection cap"),
    watch: z.object({
      poll: z.union([z.boolean(), z.number().int().min(10).max(3_600_000)]).default(false)
        .describe("Poll the stories folder instead of waiting for file-system events (for NFS, SMB and FUSE shares): true for every " +
          `${DEFAULT_POLL_MS} ms, or the interval in milliseconds`),
      settle: z.number().int().min(0).max(60_000).default(DEFAULT_SETTLE_MS)
        .describe("Milliseconds a story file written in place must stay unchanged before it is read; files renamed in are read at once"),
    }).strict().prefault({}).describe("How `wirefeed watch` watches"),
    feeds: feedsSchema.optional()
      .describe("More feeds, each in its own folder, holding the stories a filter picks (categories, credits, language)"),
  })
  .strict();

export type Config = z.output<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * Validates parsed config JSON (pure). Every problem is reported, each naming the field,
 * what was expected and what was received.
 * @example validateConfig({ items: 20 }) // { ok: true, config: { items: 20, siteUrl: "https://news.example.com/", … } }
 */
export function validateConfig(json: unknown): ConfigResult {
  const result = configSchema.safeParse(json ?? {});
  if (result.success) return { ok: true, config: { ...result.data, siteUrl: withSlash(result.data.siteUrl) } };
  return {
    ok: false,
    problems: result.error.issues.map((i) => {
      const field = i.path.length ? i.path.join(".") : i.code === "unrecognized_keys" ? i.keys.join(", ") : "(config)";
      const received = i.path.length ? ` (received ${JSON.stringify(pick(json, i.path))})` : "";
      return `${field}: ${i.message}${received}`;
    }),
  };
}

/** The defaults, as `validateConfig({})` gives them. */
export function defaultConfig(): Config {
  const r = validateConfig({});
  if (!r.ok) throw new Error(`embedded defaults are invalid: ${r.problems.join("; ")}`);
  return r.config;
}

/**
 * Reads and validates a config file (I/O). With `required` false, a missing file gives the defaults.
 * Throws ConfigError, whose `problems` list every fault.
 */
export async function loadConfig(path: string, required: boolean): Promise<Config> {
  const text = await readConfigText(path, required);
  return text === undefined ? defaultConfig() : parseConfig(path, text);
}

/** Parses and validates a config file's text (pure). Throws ConfigError listing every fault. */
export function parseConfig(path: string, text: string): Config {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    // V8 says where only in some messages; the place goes in front, as `file:line:col`.
    const what = (cause as Error).message.replace(/, (?:\.\.\.)?".*?(?:"|\.\.\.) is not valid JSON$/s, "").replace(/ in JSON at position \d+.*$/s, "");
    const offset = jsonErrorOffset(text) ?? 0;
    throw new ConfigError(path, [`not valid JSON: ${what}`], { cause, at: positionOf(text, offset) });
  }
  const result = validateConfig(json);
  if (!result.ok) throw new ConfigError(path, result.problems);
  return result.config;
}

/** The JSON Schema shipped as `schema/wirefeed.config.schema.json` for editor completion. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: "input", target: "draft-7" });
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

function pick(json: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = json;
  for (const k of path) v = v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}
