import { createHash } from "node:crypto";
import { constants, statSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import { dirname } from "node:path";
import { promisify } from "node:util";
import { brotliDecompress, gunzip } from "node:zlib";
import type { Encoding } from "./negotiate.js";
import { compress, SIBLING } from "../publish/precompress.js";
import { DEFAULT_MAX_WATCHED, Freshness, type Checked } from "./freshness.js";

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

interface Entry extends Identity, Checked {
  snapshot: Snapshot;
  /** Compressed forms, made (or read from a sibling) on first request; the promise is kept so concurrent requests share it. */
  encoded: Map<Encoding, Promise<Buffer>>;
  /** Bytes this entry holds (the file and its compressed forms), for the store's budget. */
  cost: number;
}

/** Default memory budget of a store: the files and compressed forms it keeps, in bytes. */
export const DEFAULT_BUDGET = 256 * 1024 * 1024;

/** Default longest time a kept version is sent without a `stat`, though its folder reported no change (ms). */
export const DEFAULT_TRUST_MS = 1000;

/** Options of a {@link SnapshotStore} beyond its budget. */
export interface StoreOptions {
  /** Longest time a kept version is trusted without a `stat` (see {@link Freshness}); 0: a `stat` per request. Default {@link DEFAULT_TRUST_MS}. */
  trustMs?: number;
  /** The clock, in ms (tests). */
  now?: () => number;
  /** Most folders watched at once; a file in another folder costs a `stat` per request. Default {@link DEFAULT_MAX_WATCHED}. */
  maxWatched?: number;
}

/**
 * Output files as the server sends them, one entry per file version: the bytes, the ETag and the
 * compressed forms are made once, when a version is first asked for, and kept while the file's
 * identity (device, inode, size, mtime) is unchanged: a 304 or a 200 never reads the file again,
 * and every response shares the same buffers. A request for a known version costs no `stat` while
 * the watch on its folder reported no change and it was checked within `trustMs` (see
 * {@link Freshness}), else one. The least recently used versions are dropped beyond `budget` bytes.
 */
export class SnapshotStore {
  /** How many compressions have run; tests use it to prove "once per version, not per request". */
  compressions = 0;
  /** How many times a file was read (once per version kept). */
  reads = 0;
  /** How many compressed forms came from a precompressed sibling instead of a compression. */
  siblings = 0;
  /** How many times a request's file was looked up with `stat` (a known version not trusted as it is, or an unknown path). */
  stats = 0;
  readonly #entries = new Map<string, Entry>();
  readonly #loading = new Map<string, Promise<Entry | undefined>>();
  #held = 0;
  readonly #fresh: Freshness;

  constructor(readonly budget = DEFAULT_BUDGET, options: StoreOptions = {}) {
    this.#fresh = new Freshness(options.trustMs ?? DEFAULT_TRUST_MS, options.now, options.maxWatched);
  }

  /** Stops watching folders (a server closing); the versions kept are checked by `stat` again before use. */
  close(): void {
    this.#fresh.close();
  }

  /**
   * The snapshot of the regular file at `path` (a real path: no symbolic link as its last
   * component), or undefined when there is none. Known versions come from memory, after one `stat`
   * unless trusted (see {@link Freshness}); a new one is opened, checked and read through one descriptor, so it is exactly one version.
   */
  async read(path: string): Promise<Snapshot | undefined> {
    return (await this.#entry(path))?.snapshot;
  }

  /** {@link read}, answered at once (no promise) when the version kept for `path` is trusted without a `stat`. */
  find(path: string): Snapshot | undefined | Promise<Snapshot | undefined> {
    const known = this.#entries.get(path);
    if (known && this.#fresh.trusted(known)) return this.#touch(path, known).snapshot;
    return this.read(path);
  }

  /** The snapshot's bytes in `encoding`: the file's precompressed sibling when it holds exactly these bytes, else compressed here, once per version. */
  async encode(path: string, snapshot: Snapshot, encoding: Encoding): Promise<Buffer> {
    const kept = this.#entries.get(path);
    // Not (or no longer) kept: compressed for this request without keeping it.
    if (kept?.snapshot !== snapshot) return this.#compressed(path, snapshot.bytes, encoding);
    let variant = kept.encoded.get(encoding);
    if (!variant) {
      variant = this.#compressed(path, snapshot.bytes, encoding);
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
    const known = this.#entries.get(path);
    if (known && this.#fresh.trusted(known)) return this.#touch(path, known);
    let st: Stats | undefined;
    this.stats++;
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
    if (known && same(known, st)) {
      this.#fresh.check(known, known.folder);
      return this.#touch(path, known);
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

  /** Most recently used last: the budget drops from the front. */
  #touch(path: string, entry: Entry): Entry {
    this.#entries.delete(path);
    this.#entries.set(path, entry);
    return entry;
  }

  async #load(path: string): Promise<Entry | undefined> {
    // Watched before the open: a change after this point is reported, one before it is what is read.
    const folder = this.#fresh.join(dirname(path));
    const changes = folder.changes;
    let read: { st: Stats; bytes: Buffer } | undefined;
    try {
      read = await this.#readVersion(path);
    } finally {
      if (!read) this.#fresh.leave(folder);
    }
    if (!read) return undefined;
    const { st, bytes } = read;
    this.reads++;
    const snapshot: Snapshot = { bytes, hash: createHash("sha256").update(bytes).digest("base64url"), mtime: st.mtime, lastModified: st.mtime.toUTCString() };
    const entry: Entry = { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, snapshot, encoded: new Map(), cost: bytes.length, folder, changes, checkedAt: 0 };
    this.#fresh.check(entry, folder, changes);
    this.#drop(path);
    this.#entries.set(path, entry);
    this.#held += entry.cost;
    this.#trim();
    return entry;
  }

  /** One version of the file: its identity and bytes, through one descriptor. */
  async #readVersion(path: string): Promise<{ st: Stats; bytes: Buffer } | undefined> {
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
      return { st, bytes: await handle.readFile() };
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
    this.#fresh.leave(old.folder);
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
