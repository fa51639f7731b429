import { createHash } from "node:crypto";
import { constants, statSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import { promisify } from "node:util";
import { brotliDecompress, gunzip } from "node:zlib";
import type { Encoding } from "./negotiate.js";
import { compress, SIBLING } from "./precompress.js";

const gunzipAsync = promisify(gunzip);
const unbrotliAsync = promisify(brotliDecompress);

/** One version of a file, read whole: what a response is made from, so it is never half old, half new. */
export interface Snapshot {
  bytes: Buffer;
  /** SHA-256 of the bytes, base64url: the strong entity tag, unquoted and without a variant suffix. */
  hash: string;
  /** The file's modification time, for `Last-Modified`. */
  mtime: Date;
  /** `mtime` as an HTTP date, made once. */
  lastModified: string;
}

/** What tells one version of a file from the next: wirefeed replaces files by rename, so a new version is a new inode. */
interface Identity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

interface Entry extends Identity {
  snapshot: Snapshot;
  /** Compressed forms, made (or read from a sibling) on first request; the promise is kept so concurrent requests share it. */
  encoded: Map<Encoding, Promise<Buffer>>;
  /** Bytes this entry holds (the file and its compressed forms), for the store's budget. */
  cost: number;
}

/** Default memory budget of a store: the files and compressed forms it keeps, in bytes. */
export const DEFAULT_BUDGET = 256 * 1024 * 1024;

/**
 * Output files as the server sends them, one entry per file version: the bytes, the ETag and the
 * compressed forms are made once, when a version is first asked for, and kept while the file's
 * identity (device, inode, size, mtime) is unchanged. A request for a known version costs one
 * `stat`: a 304 or a 200 never reads the file again, and every response shares the same buffers.
 * The least recently used versions are dropped beyond `budget` bytes.
 */
export class SnapshotStore {
  /** How many compressions have run; tests use it to prove "once per version, not per request". */
  compressions = 0;
  /** How many times a file was read (once per version kept). */
  reads = 0;
  /** How many compressed forms came from a precompressed sibling instead of a compression. */
  siblings = 0;
  readonly #entries = new Map<string, Entry>();
  readonly #loading = new Map<string, Promise<Entry | undefined>>();
  #held = 0;

  constructor(readonly budget = DEFAULT_BUDGET) {}

  /**
   * The snapshot of the regular file at `path` (a real path: no symbolic link as its last
   * component), or undefined when there is none. Known versions come from memory after one `stat`;
   * a new one is opened, checked and read through one descriptor, so it is exactly one version.
   */
  async read(path: string): Promise<Snapshot | undefined> {
    return (await this.#entry(path))?.snapshot;
  }

  /** The snapshot's bytes in `encoding`: the file's precompressed sibling when it holds exactly these bytes, else compressed here, once per version. */
  async encode(path: string, snapshot: Snapshot, encoding: Encoding): Promise<Buffer> {
    let entry = this.#entries.get(path);
    if (entry?.snapshot !== snapshot) {
      // Not (or no longer) kept: compress for this request without keeping it.
      entry = { dev: -1, ino: -1, size: snapshot.bytes.length, mtimeMs: 0, snapshot, encoded: new Map(), cost: 0 };
    }
    let variant = entry.encoded.get(encoding);
    if (!variant) {
      variant = this.#compressed(path, snapshot.bytes, encoding);
      const kept = entry;
      kept.encoded.set(encoding, variant);
      variant.then((b) => {
        if (this.#entries.get(path) !== kept) return;
        kept.cost += b.length;
        this.#held += b.length;
        this.#trim();
      }, () => kept.encoded.delete(encoding)); // a failed compression is not remembered: the next request tries again
    }
    return variant;
  }

  async #entry(path: string): Promise<Entry | undefined> {
    let st: Stats | undefined;
    try {
      st = statSync(path, { throwIfNoEntry: false });
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
    if (!st || !st.isFile()) {
      this.#drop(path);
      return undefined;
    }
    const known = this.#entries.get(path);
    if (known && same(known, st)) {
      // Most recently used last: the budget drops from the front.
      this.#entries.delete(path);
      this.#entries.set(path, known);
      return known;
    }
    let loading = this.#loading.get(path);
    if (!loading) {
      loading = this.#load(path).finally(() => this.#loading.delete(path));
      this.#loading.set(path, loading);
    }
    const entry = await loading;
    // The version read may already be newer than the one stat saw; either is whole.
    return entry;
  }

  async #load(path: string): Promise<Entry | undefined> {
    let handle;
    try {
      handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
    try {
      const st = await handle.stat();
      if (!st.isFile()) return undefined;
      const bytes = await handle.readFile();
      this.reads++;
      const snapshot: Snapshot = { bytes, hash: createHash("sha256").update(bytes).digest("base64url"), mtime: st.mtime, lastModified: st.mtime.toUTCString() };
      const entry: Entry = { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, snapshot, encoded: new Map(), cost: bytes.length };
      this.#drop(path);
      this.#entries.set(path, entry);
      this.#held += entry.cost;
      this.#trim();
      return entry;
    } finally {
      await handle.close();
    }
  }

  /** The precompressed sibling if it decodes to exactly `bytes` (a build writes it after the file; a stale or foreign one is ignored), else a compression. */
  async #compressed(path: string, bytes: Buffer, encoding: Encoding): Promise<Buffer> {
    const sibling = await readSibling(`${path}${SIBLING[encoding]}`);
    if (sibling) {
      const decoded = await (encoding === "br" ? unbrotliAsync(sibling) : gunzipAsync(sibling)).catch(() => undefined);
      if (decoded?.equals(bytes)) {
        this.siblings++;
        return sibling;
      }
    }
    this.compressions++;
    return compress(bytes, encoding);
  }

  #drop(path: string): void {
    const old = this.#entries.get(path);
    if (!old) return;
    this.#entries.delete(path);
    this.#held -= old.cost;
  }

  #trim(): void {
    for (const [path] of this.#entries) {
      if (this.#held <= this.budget || this.#entries.size <= 1) break;
      this.#drop(path);
    }
  }
}

async function readSibling(path: string): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    return (await handle.stat()).isFile() ? await handle.readFile() : undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

function same(a: Identity, st: Stats): boolean {
  return a.ino === st.ino && a.dev === st.dev && a.size === st.size && a.mtimeMs === st.mtimeMs;
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  // ELOOP: the last component is a symbolic link (O_NOFOLLOW); ENOTDIR: a file used as a folder.
  return code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP" || code === "EISDIR";
}
