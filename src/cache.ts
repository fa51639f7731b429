import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "./config.js";
import type { Entry } from "./load.js";
import type { Release, StoryBody } from "./rules.js";
import type { Story } from "./story.js";
import { rememberStoryKey, storyKey } from "./story-key.js";
import { writeAtomic } from "./write.js";

/** The cache's file name inside the output folder. A dotfile: the server never serves it. */
export const CACHE_FILE = ".wirefeed-cache.json";

/** Bump when the cached shape or anything that shapes a Story changes. */
const FORMAT = 5;

/**
 * What one build leaves for the next: every story file's entry keyed by path (with size,
 * modification time and content hash to tell whether it changed), the fingerprint of every
 * feed written, and the size and time of every output file (so a feed edited or deleted by
 * hand is rendered again).
 */
export interface BuildCache {
  entries: Map<string, Entry>;
  fingerprints: Map<string, string>;
  outputs: Map<string, [size: number, mtimeMs: number]>;
  /** When the cache was written (ms). Files modified since shortly before are re-checked by hash. */
  writtenAt: number;
  /** The last release of every story in the outputs, by id: the version rule's memory (see `Release`). */
  released: Map<string, Release>;
}

export function emptyCache(): BuildCache {
  return { entries: new Map(), fingerprints: new Map(), outputs: new Map(), writtenAt: 0, released: new Map() };
}

/**
 * The key a cache must carry to be trusted: the tool version, the cache format, and the config
 * (which shapes every story: time zone, publisher, site URL…).
 */
export function cacheKey(config: Config, version: string): string {
  return createHash("sha1").update(JSON.stringify([FORMAT, version, config])).digest("base64url");
}

interface Header {
  key: string;
  writtenAt: number;
  /** sha1 of the body line: a truncated or altered cache is discarded, never trusted. */
  checksum: string;
}

interface Body {
  entries: Entry[];
  /** Each entry's `storyKey` ("" without a story), in the entries' order. */
  keys: string[];
  fingerprints: [string, string][];
  outputs: [string, [number, number]][];
  /**
   * Releases. A release whose story is its file's cached entry's story (the usual case) is saved
   * as a reference to it (`file` without `story`), so the cache does not hold every story twice.
   */
  released: { version: number; file: string; story?: Story; body?: StoryBody }[];
}

const DATE_FIELDS = ["published", "updated", "embargo"] as const;

/**
 * Reads the cache from the output folder (I/O). Anything wrong — missing, another version or
 * config, truncated, altered — gives an empty cache: the build is then cold, never wrong.
 */
export function loadCache(out: string, key: string): BuildCache {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(out, CACHE_FILE));
  } catch {
    return emptyCache();
  }
  try {
    const newline = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.subarray(0, newline).toString("utf8")) as Header;
    const bodyBytes = bytes.subarray(newline + 1);
    if (header.key !== key || header.checksum !== checksum(bodyBytes)) return emptyCache();
    const body = JSON.parse(bodyBytes.toString("utf8")) as Body;
    const entries = new Map<string, Entry>();
    body.entries.forEach((e, i) => {
      if (e.story) {
        reviveDates(e.story);
        if (body.keys[i]) rememberStoryKey(e.story, body.keys[i]!);
      }
      entries.set(e.file, e);
    });
    const released = new Map<string, Release>();
    for (const r of body.released) {
      const story = r.story ?? entries.get(r.file)?.story;
      if (!story) continue;
      if (r.story) reviveDates(r.story);
      released.set(story.id, { version: r.version, story, ...(r.body ? { body: r.body } : {}) });
    }
    return { entries, fingerprints: new Map(body.fingerprints), outputs: new Map(body.outputs), writtenAt: header.writtenAt, released };
  } catch {
    return emptyCache();
  }
}

/** Writes the cache into the output folder, atomically (I/O). */
export async function saveCache(out: string, key: string, cache: BuildCache): Promise<void> {
  const released = [...cache.released.values()].map(({ version, story, body: text }) => ({
    version, file: story.file, ...(cache.entries.get(story.file)?.story === story ? {} : { story }), ...(text ? { body: text } : {}),
  }));
  const entries = [...cache.entries.values()];
  const keys = entries.map((e) => (e.story ? storyKey(e.story) : ""));
  const body: Body = { entries, keys, fingerprints: [...cache.fingerprints], outputs: [...cache.outputs], released };
  // Encoded once and hashed as bytes (hashing the megabytes of string re-encoded them), and not
  // compared with the old file, which always differs (it carries its time).
  const bodyBytes = Buffer.from(JSON.stringify(body), "utf8");
  const header: Header = { key, writtenAt: cache.writtenAt, checksum: checksum(bodyBytes) };
  await writeAtomic(join(out, CACHE_FILE), Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), bodyBytes]), false);
}

function checksum(bytes: Uint8Array): string {
  return createHash("sha1").update(bytes).digest("base64url");
}

function reviveDates(story: Story): void {
  const s = story as unknown as Record<string, unknown>;
  for (const f of DATE_FIELDS) if (typeof s[f] === "string") s[f] = new Date(s[f] as string);
}
