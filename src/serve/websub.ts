/**
 * WebSub publishing: tells a hub which feed URLs changed, so it can fetch them and push them to
 * subscribers. Fire and forget: `notify` returns at once; failures are logged and retried with
 * exponential backoff, never thrown, so a slow or broken hub never holds up a build or the watcher.
 */

/** Backoff: try `tries` times in all, waiting `baseMs`, then ×`factor` each time, at most `maxMs`. */
export interface RetryOptions {
  /** Attempts in all, the first included; default 5. */
  tries?: number;
  /** Wait before the second attempt, in ms; default 1000 (then 2000, 4000, …). */
  baseMs?: number;
  /** Growth of each wait; default 2. */
  factor?: number;
  /** Longest wait, in ms; default 60000. */
  maxMs?: number;
}

export interface PublisherOptions {
  /** The hub's URL, as in config `hub`. */
  hub: string;
  retry?: RetryOptions;
  /** Gets one line per outcome; default: stderr. */
  log?: (line: string) => void;
  /** `fetch` to use (tests, proxies); default the global one. */
  fetchImpl?: typeof fetch;
  /** Per-request time limit in ms; default 10000. */
  timeoutMs?: number;
}

export interface Publisher {
  /** Announces changed feed URLs. Returns at once; a URL already waiting to be sent is not queued twice. */
  notify(urls: readonly string[]): void;
  /** Resolves when nothing is waiting or in flight (for a one-shot build that should finish its pings). */
  idle(): Promise<void>;
  /** Drops pending retries; requests in flight finish but are not retried. Later `notify` calls are ignored. */
  close(): void;
}

interface Pending {
  attempt: number;
  inFlight: boolean;
  /** notify() came again while a request was in flight: the hub may have fetched too early. */
  again: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * A WebSub publisher for one hub: one `hub.mode=publish` POST per URL, form-encoded.
 * Retries network errors, 5xx and 429; any other answer is final (a 4xx will not improve).
 * @example const hub = createPublisher({ hub: config.hub }); hub.notify([doc.urls.rss, doc.urls.atom]);
 */
export function createPublisher(options: PublisherOptions): Publisher {
  const { tries = 5, baseMs = 1000, factor = 2, maxMs = 60_000 } = options.retry ?? {};
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const fetchImpl = options.fetchImpl ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pending = new Map<string, Pending>();
  let waiters: (() => void)[] = [];
  let closed = false;

  const settle = () => {
    if (pending.size > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };
  const finish = (url: string) => {
    pending.delete(url);
    settle();
  };
  const schedule = (url: string, p: Pending, delay: number) => {
    p.timer = setTimeout(() => {
      p.timer = undefined;
      send(url, p).catch(() => finish(url));
    }, delay);
  };

  async function send(url: string, p: Pending): Promise<void> {
    p.inFlight = true;
    p.again = false;
    p.attempt++;
    let problem: string | undefined;
    let retryable = true;
    try {
      const res = await fetchImpl(options.hub, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ "hub.mode": "publish", "hub.url": url }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined); // free the connection
      if (!res.ok) {
        problem = `hub answered ${res.status}`;
        retryable = res.status >= 500 || res.status === 429;
      }
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    } finally {
      p.inFlight = false;
    }
    if (closed) return finish(url);
    if (problem === undefined) {
      log(`websub: published ${url} to ${options.hub}`);
    } else if (retryable && p.attempt < tries) {
      const wait = Math.min(baseMs * factor ** (p.attempt - 1), maxMs);
      log(`websub: ${url}: ${problem}; try ${p.attempt + 1} of ${tries} in ${wait} ms`);
      return schedule(url, p, wait);
    } else {
      log(`websub: ${url}: ${problem}; gave up after ${p.attempt} ${p.attempt === 1 ? "try" : "tries"}`);
    }
    if (p.again) {
      p.attempt = 0;
      return schedule(url, p, 0);
    }
    finish(url);
  }

  return {
    notify(urls) {
      if (closed) return;
      for (const url of new Set(urls)) {
        const p = pending.get(url);
        if (p === undefined) {
          const fresh: Pending = { attempt: 0, inFlight: false, again: false };
          pending.set(url, fresh);
          // A timer, not a direct call: URLs announced again in the same turn coalesce.
          schedule(url, fresh, 0);
        } else if (p.inFlight) {
          p.again = true;
        } // else a send or retry is already scheduled and will carry the news.
      }
    },
    idle() {
      return pending.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve));
    },
    close() {
      closed = true;
      for (const [url, p] of pending) {
        if (p.inFlight) continue;
        clearTimeout(p.timer);
        pending.delete(url);
      }
      settle();
    },
  };
}

const FEED_FILE = /(^|\/)(rss\.xml|atom\.xml|feed\.json)$/;

/**
 * The URLs to announce after a build: the feed files among those written (paths relative to the
 * output folder, as `BuildResult.written` lists them), made absolute with the site URL (pure).
 * @example changedFeedUrls(["rss.xml", "index.html"], "https://news.example.com/") // ["https://news.example.com/rss.xml"]
 */
export function changedFeedUrls(written: readonly string[], siteUrl: string): string[] {
  return written.filter((file) => FEED_FILE.test(file)).map((file) => new URL(file, siteUrl).href);
}
