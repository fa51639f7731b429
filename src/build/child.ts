/**
 * A whole build in a short-lived child process, for the watcher's cold start: rendering every
 * archive page of a large archive is the biggest allocation a watcher would ever make, and a
 * long-running process keeps much of that peak as resident memory long after it is garbage (the
 * C allocator seldom returns it). The child builds and leaves the cache; the watcher then starts
 * from that cache, as it would after any `wirefeed build`, without rendering anything.
 *
 * Run as `node build-child.js`, with `{ config, configText, stories, out, now }` as JSON on stdin. Exits 0
 * once the build is written, whatever the stories' diagnostics (the watcher reports those).
 */
import { build } from "./build.js";
import type { Config } from "../config/config.js";

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const job = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { config: Config; configText?: string | null; stories: string; out: string; now: string };
await build({ ...job, now: new Date(job.now) });
