/** Serving the output folder and announcing changed feeds, as `serve`, `watch --serve` and `build` do. */
import { relative } from "node:path";
import type { Config } from "../config/config.js";
import { changedFeedUrls, createPublisher } from "../serve/websub.js";
import { plural, UsageError } from "./shared.js";

/** Serves the output folder (not yet announced): a UsageError when the port cannot be had. */
export async function listen(config: Config, out: string, host: string, port: number, authOnly = false) {
  const partners = config.partners ?? [];
  // Imported when used: `build` and `check` need neither the server nor the watcher.
  const { serve, queuedLog } = await import("../serve/server.js");
  try {
    return await serve({
      out, host, port, partners, ttlSeconds: config.ttl * 60, log: queuedLog(), limits: serveLimits(config), hub: config.hub, siteUrl: config.siteUrl, authOnly,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${host}:${port}`;
    if (code === "EADDRINUSE") throw new UsageError(`port ${port} is already in use on ${host}; stop what holds it, or choose another with --port (0: any free one)`);
    if (code === "EACCES") throw new UsageError(`${where}: not allowed to listen there (ports below 1024 need privileges); choose another with --port`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") throw new UsageError(`--host ${host}: not an address of this machine`);
    throw err;
  }
}

/** Prints where the output folder is served (or, with `--auth-only`, where tokens are checked). */
export function announceServing(config: Config, out: string, serving: Awaited<ReturnType<typeof listen>>, authOnly = false): void {
  const partners = config.partners ?? [];
  if (authOnly) {
    console.log(`wirefeed: checking partner tokens at ${serving.url} (${plural(partners.length, "partner")}), for nginx auth_request`);
    return;
  }
  console.log(`wirefeed: serving ${relative(process.cwd(), out) || "."}/ at ${serving.url}` +
    (partners.length ? ` (${plural(partners.length, "partner")}; feeds need a token)` : " (public)"));
  for (const name of ["index.html", "rss.xml", "atom.xml", "feed.json"]) console.log(`  ${serving.url}${name}`);
}

/** Tells the configured WebSub hub which feeds changed, and waits for the pings (a few tries). */
export async function announce(config: Config, written: readonly string[]): Promise<void> {
  const urls = changedFeedUrls(written, config.siteUrl);
  if (!config.hub || urls.length === 0) return;
  const hub = createPublisher({ hub: config.hub, retry: { tries: 3 }, timeoutMs: 5000 });
  hub.notify(urls);
  await hub.idle();
}

/** Config `serve` (seconds) as the server's limits (milliseconds). */
function serveLimits(config: Config) {
  const s = config.serve;
  return s && {
    headersTimeoutMs: s.headersTimeout * 1000, requestTimeoutMs: s.requestTimeout * 1000, keepAliveTimeoutMs: s.keepAliveTimeout * 1000,
    idleTimeoutMs: s.idleTimeout * 1000, maxConnections: s.maxConnections,
  };
}
