/**
 * Precompressed siblings: `rss.xml.gz` and `rss.xml.br` beside `rss.xml`, so a static server
 * (nginx `gzip_static` / `brotli_static`, `wirefeed serve`, a CDN origin) sends compressed bytes
 * without compressing per request. One rule for how wirefeed compresses, whether the build writes
 * a sibling or the server compresses a file that has none.
 */
import { rmSync, statSync } from "node:fs";
import { promisify } from "node:util";
import { brotliCompress, brotliCompressSync, constants as zlib, gzip, gzipSync } from "node:zlib";
import { encoded, writeAtomic } from "./write.js";

/** Content codings the output is precompressed in, best first: brotli is smaller than gzip for XML. */
export type Encoding = "br" | "gzip";

/** The sibling suffix of each coding. */
export const SIBLING: Readonly<Record<Encoding, string>> = { gzip: ".gz", br: ".br" };

/** The siblings of `file` (a path or a name). */
export function siblingsOf(file: string): string[] {
  return [`${file}${SIBLING.gzip}`, `${file}${SIBLING.br}`];
}

/** Whether a name is a precompressed sibling's. */
export function isSibling(name: string): boolean {
  return name.endsWith(SIBLING.gzip) || name.endsWith(SIBLING.br);
}

/**
 * Brotli quality 5 in text mode, gzip level 5. Measured on a 26 KB feed (loaded machine): brotli
 * q5 2.4 ms → 8.6 KB, q9 33 ms → 8.6 KB, q11 68 ms → 7.2 KB. On a 276 KB archive page: brotli q4
 * 1.2 ms → 26.3 KB, q5 2.2 ms → 21.1 KB; gzip 6 2.3 ms → 20.2 KB, gzip 9 5.0 ms → 20.1 KB. A
 * rebuild compresses every feed and view it changes (a cold build every archive page), so q11's
 * 15 % and gzip 9's 0.5 % are not worth their time. Gzip 5 rather than 6 (#20): on prose (the
 * bundled stories' outputs with docs/, 0.69 MB) both give 259 KB; on the bench corpus's
 * repetitive text 6 is 9 % smaller (976 against 1,077 KB at 300 stories) for 35 % more time
 * (127 against 94 CPU-ms), and a cold build of 10,000 stories compresses ~170 MB.
 * docs/performance.md has the table (`bench/levels.mjs`).
 */
function brotliOptions(size: number) {
  return { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_SIZE_HINT]: size } };
}
const GZIP = { level: 5 };

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** `bytes` compressed as wirefeed compresses, on the thread pool (the server's way). */
export function compress(bytes: Uint8Array, encoding: Encoding): Promise<Buffer> {
  return encoding === "br" ? brotliAsync(bytes, brotliOptions(bytes.length)) : gzipAsync(bytes, GZIP);
}

/** `bytes` compressed as wirefeed compresses, at once (the build's way: its writes are synchronous, see write.ts). */
function compressSync(bytes: Uint8Array, encoding: Encoding): Buffer {
  return encoding === "br" ? brotliCompressSync(bytes, brotliOptions(bytes.length)) : gzipSync(bytes, GZIP);
}

/**
 * Writes an output file as {@link writeAtomic} does and, with `precompress`, its `.gz` and `.br`
 * siblings by the same atomic rule, after it: when the file changed, or when a sibling is missing
 * or older than the file (precompression just turned on, a sibling deleted by hand). Without
 * `precompress`, siblings left by an earlier build are removed, so no server sends stale bytes.
 * Returns whether the file itself changed.
 */
export async function writeOutput(path: string, content: string | Uint8Array | readonly string[], precompress: boolean): Promise<boolean> {
  const bytes = encoded(content);
  const changed = await writeAtomic(path, bytes);
  if (!precompress) {
    for (const sibling of siblingsOf(path)) rmSync(sibling, { force: true });
    return changed;
  }
  if (!changed && fresh(path)) return changed;
  // `bytes` may be this module's scratch buffer (see `encoded`): compress before the next write.
  const gz = compressSync(bytes, "gzip");
  const br = compressSync(bytes, "br");
  await writeAtomic(`${path}${SIBLING.gzip}`, gz, false);
  await writeAtomic(`${path}${SIBLING.br}`, br, false);
  return changed;
}

/** Whether both siblings of `path` exist and were written no earlier than it. */
function fresh(path: string): boolean {
  const main = statSync(path, { throwIfNoEntry: false });
  if (!main) return false;
  return siblingsOf(path).every((s) => {
    const st = statSync(s, { throwIfNoEntry: false });
    return st !== undefined && st.mtimeMs >= main.mtimeMs;
  });
}
