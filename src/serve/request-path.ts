import { realpathSync } from "node:fs";
import { resolve, sep } from "node:path";
import { isInside } from "../ingest/read.js";

/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Whether a request target carries a control character, raw or percent-encoded (pure): such a
 * path names no file wirefeed writes, and written to a log it could forge lines or drive a
 * terminal, so the server refuses it with 400.
 * @example hasControlChars("/x%0a2026-01-01.xml") // true
 */
export function hasControlChars(target: string): boolean {
  if (CONTROL.test(target)) return true;
  try {
    return CONTROL.test(decodeURIComponent(target));
  } catch {
    // Malformed escapes: decode what decodes, one escape at a time.
    return CONTROL.test(target.replace(/%[0-9a-f]{2}/gi, (e) => String.fromCharCode(parseInt(e.slice(1), 16))));
  }
}

/**
 * A request target → a path relative to the output folder ("rss.xml", "categories/world/atom.xml"),
 * or undefined for anything that could leave the folder or reach a hidden file (pure).
 *
 * Refused: `.` and `..` segments, raw or percent-encoded; any segment starting with a dot (the
 * build cache `.wirefeed-cache.json`, temporary files); encoded slashes and backslashes, which
 * some layers decode after others have checked; NUL; empty segments (`//etc/passwd`). A trailing
 * slash means the folder's `index.html`, so `/` serves `index.html`. Control characters too
 * (see {@link hasControlChars}).
 * @example safePath("/categories/world/rss.xml?token=x") // "categories/world/rss.xml"
 * @example safePath("/%2e%2e/package.json") // undefined
 */
export function safePath(target: string): string | undefined {
  // Absolute-form targets ("http://host/rss.xml", RFC 9112 §3.2.2) carry the path after the authority.
  const path = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").split(/[?#]/, 1)[0] || "/";
  if (!path.startsWith("/") || /%(2f|5c|00)|\\/i.test(path)) return undefined;
  const raw = path.slice(1).split("/");
  const segments: string[] = [];
  for (const [i, part] of raw.entries()) {
    if (part === "") {
      if (i !== raw.length - 1) return undefined;
      segments.push("index.html");
      continue;
    }
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    if (segment.startsWith(".") || /[/\\]/.test(segment) || CONTROL.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments.join("/");
}

/**
 * The real path of `rel` inside `root`, or undefined when it does not exist, when it (or a folder
 * on the way) is a symbolic link leading outside `root`, or when the file it resolves to is hidden
 * there: the dot rule of {@link safePath} holds for the resolved path too, so a link named
 * `cache.json` to `.wirefeed-cache.json` (or into a hidden folder) serves nothing.
 *
 * Synchronous on purpose (two `realpath` calls, the kernel's): the server runs it on every request,
 * and a round trip through the thread pool cost more than the calls themselves.
 */
export function containedPath(root: string, rel: string): string | undefined {
  try {
    const realRoot = realpathSync.native(root);
    const real = realpathSync.native(resolve(root, rel));
    if (real === realRoot || !isInside(realRoot, real)) return undefined;
    const prefix = realRoot.endsWith(sep) ? realRoot : realRoot + sep;
    return real.slice(prefix.length).split(sep).some((segment) => segment.startsWith(".")) ? undefined : real;
  } catch {
    return undefined;
  }
}

/** How long a resolved request path is trusted before it is resolved again. */
const RESOLVED_FOR_MS = 1000;
/** At most this many resolved paths are kept; past it the memory starts afresh. */
const RESOLVED_MAX = 10_000;

/**
 * {@link containedPath} for a server (I/O): the same answer, each request path's kept for
 * {@link RESOLVED_FOR_MS} (the root is resolved again with each path, not kept: a path resolved
 * after a root link was switched to a new release is resolved under the new one). A partner
 * polling one feed then costs one `stat` (the snapshot's) instead of a `realpath` of every
 * folder on the way twice, and a link
 * made or changed inside the output folder is seen within a second. What it answers is always
 * opened without following a last link, and a file gone since is a miss there, not here.
 *
 * @example const resolvePath = pathResolver("output"); resolvePath("rss.xml") // "/srv/output/rss.xml"
 */
export function pathResolver(root: string, now: () => number = Date.now): (rel: string) => string | undefined {
  const known = new Map<string, { real: string | undefined; until: number }>();
  return (rel) => {
    const t = now();
    const hit = known.get(rel);
    if (hit && hit.until > t) return hit.real;
    const real = containedPath(root, rel);
    if (known.size >= RESOLVED_MAX) known.clear();
    known.set(rel, { real, until: t + RESOLVED_FOR_MS });
    return real;
  };
}

const TEXT_TYPES: Record<string, string> = {
  ".json": "application/json",
  ".html": "text/html",
  ".xsl": "application/xslt+xml",
  ".xslt": "application/xslt+xml",
  ".xml": "application/xml",
  ".css": "text/css",
  ".txt": "text/plain",
  ".svg": "image/svg+xml",
};

/**
 * The media type for an output file, by name: `rss.xml`, `atom.xml` and `feed.json` in any folder
 * are the feeds; the rest goes by extension. Text types carry `charset=utf-8`, because every file
 * wirefeed writes is UTF-8.
 * @example contentType("categories/world/rss.xml") // "application/rss+xml; charset=utf-8"
 */
export function contentType(rel: string): string {
  const name = rel.slice(rel.lastIndexOf("/") + 1).toLowerCase();
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".")) : "";
  const type = name === "rss.xml" || ext === ".rss" ? "application/rss+xml"
    : name === "atom.xml" || ext === ".atom" ? "application/atom+xml"
      : name === "feed.json" ? "application/feed+json"
        : TEXT_TYPES[ext];
  if (type) return `${type}; charset=utf-8`;
  return ext === ".png" ? "image/png" : ext === ".ico" ? "image/x-icon" : "application/octet-stream";
}
