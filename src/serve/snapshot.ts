import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import type { Encoding } from "./negotiate.js";

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** One version of a file, read whole: what a response is made from, so it is never half old, half new. */
export interface Snapshot {
  bytes: Buffer;
  /** SHA-256 of the bytes, base64url: the strong entity tag, unquoted and without a variant suffix. */
  hash: string;
  /** The file's modification time, for `Last-Modified`. */
  mtime: Date;
}

/**
 * Reads output files whole and keeps their compressed forms, one per file version: the cache is
 * keyed by path and content hash, so each version is compressed once however many requests ask,
 * and a new version (a new hash) replaces the old entry.
 */
export class SnapshotStore {
  /** How many compressions have run; tests use it to prove "once per version, not per request". */
  compressions = 0;
  readonly #encoded = new Map<string, { hash: string; variants: Map<Encoding, Promise<Buffer>> }>();

  /**
   * Reads the regular file at `path` (no symbolic link as the last component), or undefined when
   * there is none. Open, stat and read go through one descriptor: wirefeed replaces files by
   * rename, so the descriptor holds exactly one version from start to end.
   */
  async read(path: string): Promise<Snapshot | undefined> {
    let handle;
    try {
      handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return undefined;
      const bytes = await handle.readFile();
      return { bytes, hash: createHash("sha256").update(bytes).digest("base64url"), mtime: stat.mtime };
    } finally {
      await handle.close();
    }
  }

  /** The snapshot's bytes in `encoding`, compressed on first request for this path and version. */
  encode(path: string, snapshot: Snapshot, encoding: Encoding): Promise<Buffer> {
    let entry = this.#encoded.get(path);
    if (entry?.hash !== snapshot.hash) {
      entry = { hash: snapshot.hash, variants: new Map() };
      this.#encoded.set(path, entry);
    }
    let variant = entry.variants.get(encoding);
    if (!variant) {
      this.compressions++;
      // The promise is cached, not the result, so requests arriving mid-compression share it.
      variant = encoding === "br"
        ? brotliAsync(snapshot.bytes, {
          params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_SIZE_HINT]: snapshot.bytes.length },
        })
        : gzipAsync(snapshot.bytes, { level: 9 });
      const variants = entry.variants;
      variants.set(encoding, variant);
      // A failed compression is not remembered: the next request tries again.
      variant.catch(() => variants.delete(encoding));
    }
    return variant;
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  // ELOOP: the last component is a symbolic link (O_NOFOLLOW); ENOTDIR: a file used as a folder.
  return code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP" || code === "EISDIR";
}
