/** What a request is answered with (I/O): the file or view chosen, its representation, 304s and 404s. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { chooseEncoding, prefersHtml } from "./negotiate.js";
import { contentType } from "./request-path.js";
import type { Snapshot, SnapshotStore } from "./snapshot.js";

const NOT_FOUND = "Not found\n";

/**
 * For HTML answers: the pages have no script and load nothing, so the browser is told to run none
 * and load nothing but their inline style, whatever a story's text might smuggle in.
 */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** A file chosen for a request: its snapshot, its type, and the suffix marking its representation. */
export interface Chosen {
  path: string;
  snapshot: Snapshot;
  type: string;
  /** "" for the file as it is; ".xml" for a feed sent as application/xml to a browser. */
  variant: string;
  vary: string;
}

/**
 * Reads the file for `rel`, or for a browser its HTML view (or the feed typed so XSLT applies);
 * `resolvePath` gives a request path's real path inside the output folder (see `pathResolver`).
 */
export async function pick(resolvePath: (rel: string) => string | undefined, rel: string, req: IncomingMessage, store: SnapshotStore): Promise<Chosen | undefined> {
  const read = async (name: string) => {
    const path = resolvePath(name);
    const snapshot = path === undefined ? undefined : await store.read(path);
    return path && snapshot ? { path, snapshot } : undefined;
  };
  const file = await read(rel);
  if (!file) return undefined;
  const type = contentType(rel);
  const isFeedXml = /^application\/(rss|atom)\+xml/.test(type);
  if (!isFeedXml) return { ...file, type, variant: "", vary: "Accept-Encoding" };
  const vary = "Accept, Accept-Encoding";
  if (!prefersHtml(req.headers.accept, type.split(";")[0]!)) return { ...file, type, variant: "", vary };
  const view = await read(rel.replace(/\.xml$/, ".html"));
  if (view) return { ...view, type: "text/html; charset=utf-8", variant: "", vary };
  // Browsers show rss+xml and atom+xml as plain text; as application/xml they apply the stylesheet.
  return { ...file, type: "application/xml; charset=utf-8", variant: ".xml", vary };
}

export async function send(req: IncomingMessage, res: ServerResponse, chosen: Chosen, store: SnapshotStore, cacheControl: string, links?: string): Promise<void> {
  const { snapshot } = chosen;
  const encoding = chooseEncoding(req.headers["accept-encoding"]);
  let body = snapshot.bytes;
  let coding = "";
  if (encoding) {
    const encoded = await store.encode(chosen.path, snapshot, encoding);
    // A tiny file can grow when compressed; then the plain bytes are the better answer.
    if (encoded.length < body.length) [body, coding] = [encoded, encoding];
  }
  const suffix = `${chosen.variant}${coding === "gzip" ? ".gz" : coding === "br" ? ".br" : ""}`;
  const headers: Record<string, string> = {
    "Content-Type": chosen.type,
    ETag: `"${snapshot.hash}${suffix}"`,
    "Last-Modified": snapshot.lastModified,
    "Cache-Control": cacheControl,
    Vary: chosen.vary,
    "X-Content-Type-Options": "nosniff",
  };
  if (notModified(req, snapshot)) {
    // A 304 carries the validators and caching fields, not the body's own metadata (RFC 9110 §15.4.5).
    const { ETag, "Last-Modified": lastModified, "Cache-Control": cc, Vary } = headers;
    res.writeHead(304, { ETag, "Last-Modified": lastModified, "Cache-Control": cc, Vary }).end();
    return;
  }
  if (links) headers.Link = links;
  if (coding) headers["Content-Encoding"] = coding;
  if (chosen.type.startsWith("text/html")) headers["Content-Security-Policy"] = PAGE_CSP;
  headers["Content-Length"] = String(body.length);
  res.writeHead(200, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

/**
 * RFC 9110 §13.2.2: with `If-None-Match`, only it counts (weak comparison on the content hash, so
 * a tag received for the gzip form still matches); `If-Modified-Since` only without it.
 */
export function notModified(req: IncomingMessage, snapshot: Snapshot): boolean {
  const inm = req.headers["if-none-match"];
  if (inm !== undefined) {
    return inm.split(",").some((tag) => {
      const t = tag.trim().replace(/^W\//, "");
      return t === "*" || t.replace(/^"|"$/g, "").split(".")[0] === snapshot.hash;
    });
  }
  const ims = Date.parse(req.headers["if-modified-since"] ?? "");
  // HTTP dates have whole seconds; the file time is truncated to match.
  return !Number.isNaN(ims) && Math.floor(snapshot.mtime.getTime() / 1000) * 1000 <= ims;
}

export function notFound(res: ServerResponse): void {
  reply(res, 404, NOT_FOUND, { "Cache-Control": "no-store" });
}

export function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, "Content-Type": "text/plain; charset=utf-8", "Content-Length": String(Buffer.byteLength(text)) });
  res.end(res.req.method === "HEAD" ? undefined : text);
}
