/** What a request is answered with (I/O): the file or view chosen, its representation, 304s and 404s. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Encoding } from "./negotiate.js";
import { chooseEncoding, prefersHtml } from "./negotiate.js";
import { remembered } from "./memo.js";
import type { Snapshot, SnapshotStore } from "./snapshot.js";

const NOT_FOUND = "Not found\n";

/**
 * For HTML answers: the pages have no script and load nothing, so the browser is told to run none
 * and load nothing but their inline style, whatever a story's text might smuggle in.
 */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** What every answer for one request path shares, worked out once per path (see `server.ts`). */
export interface Route {
  /** The path inside the output folder, e.g. "categories/world/rss.xml". */
  rel: string;
  /** Its media type (see `contentType`). */
  type: string;
  /** For an RSS or Atom feed, its media type alone: a browser ranking text/html above it gets a page. */
  feedType: "application/rss+xml" | "application/atom+xml" | undefined;
  /** For a feed named `*.xml`, its HTML view's path ("rss.html"), sent to such a browser when it was built. */
  view: string | undefined;
  vary: string;
  cacheControl: string;
  /** The WebSub `Link` field, for feeds when a hub is configured. */
  links: string | undefined;
}

/** Which file answers: the one asked for, its HTML view, or the feed as application/xml (so a browser applies its XSL). */
const enum Kind { File = 0, View = 1, Xml = 2 }

/** A file chosen for a request: where it is, the version to send, and as what. */
interface Chosen {
  path: string;
  snapshot: Snapshot;
  kind: Kind;
}

/** One response made ready: its header fields as `writeHead` takes them, and its body. */
interface Answer {
  etag: string;
  ok: string[];
  notModified: string[];
  body: Buffer;
}

/** Answers per file version and route, one slot per kind × requested coding; they go when the version goes. */
const answers = new WeakMap<Snapshot, WeakMap<Route, (Answer | undefined)[]>>();

const encodingFor = remembered(chooseEncoding);
/** Accept → whether it ranks text/html above the feed's type, per feed type. */
const htmlOver = {
  "application/rss+xml": remembered((accept) => prefersHtml(accept, "application/rss+xml")),
  "application/atom+xml": remembered((accept) => prefersHtml(accept, "application/atom+xml")),
};

/** `f(x)` now when `x` is at hand, later when it is a promise: a request whose files are all known is answered without waiting. */
function after<T, U>(x: T | Promise<T>, f: (t: T) => U | Promise<U>): U | Promise<U> {
  return x instanceof Promise ? x.then(f) : f(x);
}

/**
 * Answers a GET or HEAD for `route`: the file, or for a browser its HTML view (or the feed typed
 * so XSLT applies), as a 200 or a 304, or a 404. `resolvePath` gives a request path's real path
 * inside the output folder (see `pathResolver`). Synchronous when the versions and forms it needs
 * are kept and trusted; else it resolves once they are read.
 */
export function respond(req: IncomingMessage, res: ServerResponse, route: Route, resolvePath: (rel: string) => string | undefined, store: SnapshotStore): void | Promise<void> {
  return after(pick(req, route, resolvePath, store), (chosen) => chosen ? answer(req, res, route, chosen, store) : notFound(res));
}

function pick(req: IncomingMessage, route: Route, resolvePath: (rel: string) => string | undefined, store: SnapshotStore): Chosen | undefined | Promise<Chosen | undefined> {
  const path = resolvePath(route.rel);
  if (path === undefined) return undefined;
  return after(store.find(path), (snapshot): Chosen | undefined | Promise<Chosen | undefined> => {
    if (!snapshot) return undefined;
    if (route.feedType === undefined || !htmlOver[route.feedType](req.headers.accept)) return { path, snapshot, kind: Kind.File };
    const viewPath = route.view === undefined ? undefined : resolvePath(route.view);
    // Browsers show rss+xml and atom+xml as plain text; as application/xml they apply the stylesheet.
    if (viewPath === undefined) return { path, snapshot, kind: Kind.Xml };
    return after(store.find(viewPath), (view) => view ? { path: viewPath, snapshot: view, kind: Kind.View } : { path, snapshot, kind: Kind.Xml });
  });
}

const CODINGS: readonly (Encoding | undefined)[] = [undefined, "gzip", "br"];

function answer(req: IncomingMessage, res: ServerResponse, route: Route, chosen: Chosen, store: SnapshotStore): void | Promise<void> {
  const want = encodingFor(req.headers["accept-encoding"]);
  let byRoute = answers.get(chosen.snapshot);
  if (!byRoute) answers.set(chosen.snapshot, byRoute = new WeakMap());
  let slots = byRoute.get(route);
  if (!slots) byRoute.set(route, slots = []);
  const slot = chosen.kind * 3 + CODINGS.indexOf(want);
  const ready = slots[slot];
  if (ready) return send(req, res, ready, chosen.snapshot);
  return after(want ? store.encode(chosen.path, chosen.snapshot, want) : undefined, (encoded) => {
    const made = prepare(route, chosen, want, encoded);
    slots[slot] = made;
    send(req, res, made, chosen.snapshot);
  });
}

/** The header fields and body of a 200 and a 304 for one version, route, kind and coding. */
function prepare(route: Route, { snapshot, kind }: Chosen, want: Encoding | undefined, encoded: Buffer | undefined): Answer {
  // A tiny file can grow when compressed; then the plain bytes are the better answer.
  const coding = want && encoded && encoded.length < snapshot.bytes.length ? want : undefined;
  const body = coding ? encoded! : snapshot.bytes;
  const type = kind === Kind.View ? "text/html; charset=utf-8" : kind === Kind.Xml ? "application/xml; charset=utf-8" : route.type;
  const etag = `"${snapshot.hash}${kind === Kind.Xml ? ".xml" : ""}${coding === "gzip" ? ".gz" : coding === "br" ? ".br" : ""}"`;
  // A 304 carries the validators and caching fields, not the body's own metadata (RFC 9110 §15.4.5).
  const notModified = ["ETag", etag, "Last-Modified", snapshot.lastModified, "Cache-Control", route.cacheControl, "Vary", route.vary];
  const ok = ["Content-Type", type, ...notModified, "X-Content-Type-Options", "nosniff"];
  if (route.links) ok.push("Link", route.links);
  if (coding) ok.push("Content-Encoding", coding);
  if (type.startsWith("text/html")) ok.push("Content-Security-Policy", PAGE_CSP);
  ok.push("Content-Length", String(body.length));
  return { etag, ok, notModified, body };
}

function send(req: IncomingMessage, res: ServerResponse, a: Answer, snapshot: Snapshot): void {
  if (notModified(req, snapshot, a.etag)) {
    res.writeHead(304, a.notModified).end();
    return;
  }
  res.writeHead(200, a.ok);
  res.end(req.method === "HEAD" ? undefined : a.body);
}

/**
 * RFC 9110 §13.2.2: with `If-None-Match`, only it counts (weak comparison on the content hash, so
 * a tag received for the gzip form still matches); `If-Modified-Since` only without it. `etag`,
 * the tag this answer carries, is the poller's usual value and is matched first as it is.
 */
export function notModified(req: IncomingMessage, snapshot: Snapshot, etag?: string): boolean {
  const inm = req.headers["if-none-match"];
  if (inm !== undefined) {
    if (inm === etag) return true;
    return inm.split(",").some((tag) => {
      const t = tag.trim().replace(/^W\//, "");
      return t === "*" || t.replace(/^"|"$/g, "").split(".")[0] === snapshot.hash;
    });
  }
  const ims = req.headers["if-modified-since"];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  // HTTP dates have whole seconds; the file time is truncated to match.
  return !Number.isNaN(since) && Math.floor(snapshot.mtime.getTime() / 1000) * 1000 <= since;
}

export function notFound(res: ServerResponse): void {
  reply(res, 404, NOT_FOUND, { "Cache-Control": "no-store" });
}

export function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, "Content-Type": "text/plain; charset=utf-8", "Content-Length": String(Buffer.byteLength(text)) });
  res.end(res.req.method === "HEAD" ? undefined : text);
}
