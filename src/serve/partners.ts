import { createHash, timingSafeEqual } from "node:crypto";

import type { Partner } from "../config/partners.js";

export type { Partner };

/**
 * The SHA-256 of a token, in lowercase hex: the value config keeps as `tokenSha256`.
 * @example hashToken("s3cret") // "6ef6b6…"
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Who a request is, by its token: a partner, a revoked one, or nobody. */
export type Identity = { kind: "partner"; partner: Partner } | { kind: "revoked"; partner: Partner } | { kind: "unknown" };

/**
 * Finds the partner whose token hash matches `token`. Every partner is compared, each in constant
 * time, and the loop never stops early, so the time taken says nothing about which entry (or how
 * much of a hash) matched.
 */
export function identify(partners: readonly Partner[], token: string | undefined): Identity {
  return identifier(partners)(token);
}

/**
 * {@link identify} for one list of partners, with each partner's hash decoded once (a server makes
 * one per config) rather than on every request.
 */
export function identifier(partners: readonly Partner[]): (token: string | undefined) => Identity {
  // Both sides are 32 bytes (the schema checks 64 hex digits), as timingSafeEqual requires.
  const expected = partners.map((partner) => ({ partner, hash: Buffer.from(partner.tokenSha256, "hex") }));
  return (token) => {
    if (token === undefined || token === "") return { kind: "unknown" };
    const presented = createHash("sha256").update(token, "utf8").digest();
    let found: Partner | undefined;
    for (const { partner, hash } of expected) {
      if (hash.length === presented.length && timingSafeEqual(hash, presented) && found === undefined) found = partner;
    }
    if (found === undefined) return { kind: "unknown" };
    return found.revoked ? { kind: "revoked", partner: found } : { kind: "partner", partner: found };
  };
}

/**
 * Whether `path` (relative to the output folder, no leading slash) matches one of the partner's
 * feed patterns. `*` and `?` stay within one folder; `**` crosses folders.
 * @example mayRead({ feeds: ["categories/world/*"] } as Partner, "categories/world/rss.xml") // true
 */
export function mayRead(partner: Pick<Partner, "feeds">, path: string): boolean {
  return partner.feeds.some((pattern) => globToRegExp(pattern).test(path));
}

const globCache = new Map<string, RegExp>();

/** A path glob as an anchored RegExp; a leading `/` is ignored so "/rss.xml" means "rss.xml". */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  let source = "";
  const g = glob.replace(/^\/+/, "");
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === "*" && g[i + 1] === "*") {
      // "**/" matches zero or more folders; a bare "**" anything at all.
      if (g[i + 2] === "/") { source += "(?:.*/)?"; i += 2; } else { source += ".*"; i += 1; }
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  re = new RegExp(`^${source}$`);
  globCache.set(glob, re);
  return re;
}
