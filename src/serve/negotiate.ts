/**
 * HTTP content negotiation, just enough for a feed server: which compression to send, and whether
 * a request for a feed comes from a browser that wants a page (pure functions, RFC 9110 §12.5).
 */

/** `Accept`-style header → lower-cased token → q-value (1 when not given). */
export function qValues(header: string | undefined): Map<string, number> {
  const values = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [token = "", ...params] = part.split(";").map((s) => s.trim());
    if (token === "") continue;
    const q = params.find((p) => /^q\s*=/i.test(p));
    const value = q === undefined ? 1 : Number(q.slice(q.indexOf("=") + 1).trim());
    values.set(token.toLowerCase(), Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0);
  }
  return values;
}

/** Content codings the server precompresses, best first: brotli is smaller than gzip for XML. */
import type { Encoding } from "../publish/precompress.js";

export type { Encoding };

/**
 * The content coding to send for an `Accept-Encoding` header, or undefined for the bytes as they
 * are. `q=0` refuses a coding; `*` stands for any coding not named; a tie goes to brotli.
 * @example chooseEncoding("gzip, deflate, br") // "br"
 */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const q = qValues(acceptEncoding);
  let best: Encoding | undefined;
  let bestQ = 0;
  for (const coding of ["br", "gzip"] as const) {
    const value = q.get(coding) ?? q.get("*") ?? 0;
    if (value > bestQ) [best, bestQ] = [coding, value];
  }
  return best;
}

/**
 * Whether a request for a feed of type `feedType` should get a page instead: the client ranks
 * `text/html` strictly above the feed's own type. A browser navigating sends `text/html` at 1 and
 * everything else through a wildcard at 0.8; feed readers name the feed types or send only the
 * wildcard, and so keep the feed.
 * @example prefersHtml("text/html,application/xml;q=0.9", "application/rss+xml") // true
 */
export function prefersHtml(accept: string | undefined, feedType: string): boolean {
  const q = qValues(accept);
  const rank = (type: string) => q.get(type) ?? q.get(`${type.split("/")[0]}/*`) ?? q.get("*/*") ?? 0;
  return rank("text/html") > rank(feedType);
}
