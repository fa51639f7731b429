import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { identifier, mayRead, type Identity, type Partner } from "./partners.js";
import { contentType, hasControlChars, pathResolver, safePath } from "./request-path.js";
import { SnapshotStore } from "./snapshot.js";
import { logText, queuedLog } from "./log.js";
import { notFound, PAGE_CSP, reply, respond, type Route } from "./respond.js";
import { remembered } from "./memo.js";

export { PAGE_CSP };

export { logText, queuedLog };

/** Connection limits and timeouts; every one has a default (see {@link SERVE_LIMITS}). */
export interface ServeLimits {
  /** Time for a client to send a request's headers, from its first byte (or from connecting): default 10 s. */
  headersTimeoutMs?: number;
  /** Time for a whole request to arrive: default 20 s. */
  requestTimeoutMs?: number;
  /** A keep-alive connection idle this long between requests is closed: default 5 s. */
  keepAliveTimeoutMs?: number;
  /** Any socket with no traffic this long is closed, whatever it is waiting for: default 30 s. */
  idleTimeoutMs?: number;
  /** Connections held at once; beyond, new ones are closed as they arrive: default 4096. */
  maxConnections?: number;
}

/** The defaults of {@link ServeLimits}: a half-open or trickling socket is gone within 30 s. */
export const SERVE_LIMITS: Required<ServeLimits> = {
  headersTimeoutMs: 10_000, requestTimeoutMs: 20_000, keepAliveTimeoutMs: 5_000, idleTimeoutMs: 30_000, maxConnections: 4096,
};

/** Options for `createFeedServer` and `serve`. */
export interface ServeOptions {
  /** The output folder to serve; nothing outside it is ever read. */
  out: string;
  /** Interface to bind; default 127.0.0.1, so nothing is exposed until you say so. */
  host?: string;
  /** Port; default 8080; 0 picks a free one. */
  port?: number;
  /** With one or more partners every file but `publicPaths` needs a partner's token. Default: none, all public. */
  partners?: readonly Partner[];
  /** Gets one line per partner request: time, partner ("-" when unknown), method, path, status. */
  log?: (line: string) => void;
  /** `Cache-Control` max-age in seconds; default 300 (config `ttl` minutes × 60). */
  ttlSeconds?: number;
  /**
   * Files anyone may read even with partners configured; default `["feed.xsl"]`: the stylesheet
   * holds no stories, and a browser fetches it without the token the feed URL carried.
   */
  publicPaths?: readonly string[];
  /** Snapshot and compression cache; pass one in to observe it (tests). */
  store?: SnapshotStore;
  /** Timeouts and the connection cap (see {@link SERVE_LIMITS} for the defaults). */
  limits?: ServeLimits;
  /** The WebSub hub (config `hub`): feeds are sent with `Link: <hub>; rel="hub"` and their own URL as `rel="self"`. */
  hub?: string;
  /** The site's URL (config `siteUrl`), for the `rel="self"` link. */
  siteUrl?: string;
}



/**
 * An HTTP server for an output folder, on Node's own `http` (not yet listening; see `serve`).
 *
 * GET and HEAD only (405 otherwise). Every response is made from one whole-file snapshot, with a
 * strong `ETag` (SHA-256 of the bytes, plus `.gz`/`.br`/`.xml` for other representations),
 * `Last-Modified`, `Cache-Control`, and gzip or brotli when accepted, compressed once per file
 * version. `If-None-Match` wins over `If-Modified-Since` (RFC 9110 §13.2.2). A browser navigating
 * to an RSS or Atom feed gets its HTML view (`rss.xml` → `rss.html`) when one was built, else the
 * feed as `application/xml`, the type under which browsers apply its XSL stylesheet.
 * @example createFeedServer({ out: "output" }).listen(8080, "127.0.0.1")
 */
export function createFeedServer(options: ServeOptions): Server {
  const store = options.store ?? new SnapshotStore();
  const server = limitedServer(feedHandler(options, store), options.limits);
  // The store's folder watchers go with the server.
  server.on("close", () => store.close());
  return server;
}

/** Options for `createAuthServer`: the partners and what anyone may read, as for `serve`. */
export type AuthOptions = Pick<ServeOptions, "partners" | "publicPaths" | "log" | "limits">;

/**
 * The token check alone, for a static server in front (nginx `auth_request`; see nginx.ts): the
 * request's path comes in `X-Original-URI` (else the request target), the token as `serve` takes
 * it (`Authorization: Bearer …` or `?token=`). Answers 204 when the path may be read, 401 with the
 * Bearer challenge without a valid token, 403 for a path the partner may not read (nginx turns it
 * into the 404 `serve` gives). Logs one line per check, as `serve` logs a fetch, with that status.
 */
export function createAuthServer(options: AuthOptions): Server {
  const partners = options.partners ?? [];
  const publicPaths = new Set(options.publicPaths ?? ["feed.xsl"]);
  const identify = identifier(partners);
  const log = options.log;
  return limitedServer(async (req, res) => {
    const target = String(req.headers["x-original-uri"] ?? req.url ?? "/");
    const rel = hasControlChars(target) ? undefined : safePath(target);
    const answer = (status: number, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Cache-Control": "no-store", ...headers }).end();
    };
    if (rel === undefined) return answer(403);
    if (partners.length === 0 || publicPaths.has(rel)) return answer(204);
    const who = asking(identify, req, res, target, rel, log);
    if (who.kind !== "partner") return answer(401, { "WWW-Authenticate": 'Bearer realm="wirefeed"' });
    return answer(mayRead(who.partner, rel) ? 204 : 403);
  }, options.limits);
}

function limitedServer(handle: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>, given: ServeLimits | undefined): Server {
  const limits = { ...SERVE_LIMITS, ...given };
  const server = createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the two timeouts above this often (default every 30 s, which let a half-open
    // socket live up to 90 s): a quarter of the headers timeout, at least every 50 ms.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  }, (req, res) => {
    const failed = (err: unknown) => {
      // A read error is the server's fault; say so without details a client could use.
      if (!res.headersSent) reply(res, 500, "Internal server error\n", { "Cache-Control": "no-store" });
      else res.destroy(err instanceof Error ? err : undefined);
    };
    try {
      handle(req, res)?.catch(failed);
    } catch (err) {
      failed(err);
    }
  });
  // No listener for 'timeout': Node destroys a socket silent for this long.
  server.setTimeout(limits.idleTimeoutMs);
  server.maxConnections = limits.maxConnections;
  return server;
}

/** What `serve` resolves with: the listening server and where it is. */
export interface Serving {
  server: Server;
  address: AddressInfo;
  /** Base URL, ending with a slash, e.g. `http://127.0.0.1:8080/`. */
  url: string;
}

/**
 * Starts a feed server and resolves once it is listening.
 * @example const { url, server } = await serve({ out: "output", port: 0 }); // url: "http://127.0.0.1:41233/"
 */
export async function serve(options: ServeOptions & { authOnly?: boolean }): Promise<Serving> {
  const server = options.authOnly ? createAuthServer(options) : createFeedServer(options);
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 8080, options.host ?? "127.0.0.1", () => {
      server.off("error", fail);
      ok();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return { server, address, url: `http://${host}:${address.port}/` };
}

function feedHandler(options: ServeOptions, store: SnapshotStore): (req: IncomingMessage, res: ServerResponse) => void | Promise<void> {
  const resolvePath = pathResolver(resolve(options.out));
  const partners = options.partners ?? [];
  const identify = identifier(partners);
  const publicPaths = new Set(options.publicPaths ?? ["feed.xsl"]);
  const maxAge = options.ttlSeconds ?? 300;
  const hubLink = options.hub === undefined ? undefined : `<${options.hub}>; rel="hub"`;
  const log = options.log;

  /** What every answer for a path shares; made once per path. */
  const routeFor = (rel: string): Route & { guarded: boolean } => {
    const type = contentType(rel);
    const feedType = /^application\/rss\+xml/.test(type) ? "application/rss+xml" : /^application\/atom\+xml/.test(type) ? "application/atom+xml" : undefined;
    const guarded = partners.length > 0 && !publicPaths.has(rel);
    const links = hubLink && /^application\/(rss\+xml|atom\+xml|feed\+json)/.test(type)
      ? `${hubLink}${options.siteUrl ? `, <${new URL(rel, options.siteUrl).href}>; rel="self"` : ""}` : undefined;
    return {
      rel, type, feedType, guarded, links,
      view: feedType && rel.endsWith(".xml") ? rel.replace(/\.xml$/, ".html") : undefined,
      vary: feedType ? "Accept, Accept-Encoding" : "Accept-Encoding",
      cacheControl: `${guarded ? "private" : "public"}, max-age=${maxAge}`,
    };
  };
  const knownRoute = remembered((rel) => routeFor(rel!), 10_000);
  /** A request target → its route, "bad" (control characters: 400) or undefined (404). Targets with a query are not kept: a token may be in it. */
  const targetOf = (target: string | undefined): ReturnType<typeof routeFor> | "bad" | undefined => {
    if (hasControlChars(target ?? "")) return "bad";
    const rel = safePath(target ?? "/");
    return rel === undefined ? undefined : knownRoute(rel);
  };
  const knownTarget = remembered(targetOf, 10_000);

  return (req, res) => {
    const url = req.url;
    const target = url !== undefined && url.includes("?") ? targetOf(url) : knownTarget(url);
    const bad = badRequest(req) ?? (target === "bad" ? "control characters in the path" : undefined);
    if (bad) {
      res.shouldKeepAlive = false;
      reply(res, 400, `Bad request: ${bad}\n`, { "Cache-Control": "no-store", Connection: "close" });
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      reply(res, 405, "Method not allowed\n", { Allow: "GET, HEAD", "Cache-Control": "no-store" });
      return;
    }
    if (target === undefined || target === "bad") return notFound(res);
    if (target.guarded) {
      const rel = target.rel;
      const who = asking(identify, req, res, url ?? "", rel, log);
      if (who.kind !== "partner") {
        // RFC 6750 §3: one challenge for every failure, so a missing token, a wrong one and a revoked
        // one look alike from outside.
        reply(res, 401, "A partner token is required\n", { "WWW-Authenticate": 'Bearer realm="wirefeed"', "Cache-Control": "no-store" });
        return;
      }
      // A feed the partner may not read answers exactly like one that does not exist.
      if (!mayRead(who.partner, rel)) return notFound(res);
    }
    return respond(req, res, target, resolvePath, store);
  };
}

/** A Host field value as RFC 9110 §7.2 allows: a reg-name, IPv4 or bracketed IP literal, and an optional port. */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::\d*)?$/;

/**
 * Why a request must get 400 (RFC 9112 §2.3, §3.2), or undefined: an HTTP version other than 1.x
 * (a version-less request line parses as 0.9), a missing Host in HTTP/1.1, more than one Host, or
 * an invalid one. (A request target with control characters gets 400 too: see `targetOf`.)
 */
function badRequest(req: IncomingMessage): string | undefined {
  if (req.httpVersionMajor !== 1) return "HTTP/1.x only";
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.length === 4 && req.rawHeaders[i]!.toLowerCase() === "host") hosts++;
  if (hosts > 1) return "more than one Host";
  if (hosts === 0 && req.httpVersionMinor >= 1) return "no Host";
  if (hosts === 1 && !HOST.test(req.headers.host ?? "")) return "invalid Host";
  return undefined;
}

/**
 * Who the request's token names; with a log, the request's line (time, partner or "-", method,
 * path, status) is written once its answer is sent. The path logged is the file path `rel`: a
 * `?token=` query never reaches the log. Every value is escaped, so no request (and no partner
 * name) can write a line or a terminal escape of its own.
 */
function asking(identify: (token: string | undefined) => Identity, req: IncomingMessage, res: ServerResponse, target: string, rel: string, log: ((line: string) => void) | undefined): Identity {
  const who = identify(presentedToken(req.headers.authorization, target));
  if (log) {
    const name = who.kind === "unknown" ? "-" : who.partner.name;
    res.on("finish", () => log(`${new Date().toISOString()} ${logText(name)} ${req.method} /${encodeURI(rel)} ${res.statusCode}`));
  }
  return who;
}

/** The token from `Authorization: Bearer …`, else from `?token=` (for readers that keep only a URL). */
function presentedToken(authorization: string | undefined, target: string): string | undefined {
  const auth = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (auth) return auth[1];
  const query = target.split("?")[1];
  return query === undefined ? undefined : new URLSearchParams(query.split("#")[0]).get("token") ?? undefined;
}
