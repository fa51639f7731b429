import { statfs } from "node:fs/promises";

/**
 * How long a story file written in place must keep its size, modification time and inode before
 * it is read, in milliseconds (`watch.settle`): longer than the pauses of slow writers (FTP and SMB
 * uploads, slow shares) between their chunks, so that no half story is read. A file renamed in
 * whole does not wait for it. Chosen by measurement: see docs/watching.md.
 */
export const DEFAULT_SETTLE_MS = 1000;

/** The polling interval `--poll` and `watch.poll: true` mean (see docs/watching.md). */
export const DEFAULT_POLL_MS = 1000;

/** The polling interval a `watch.poll` or `--poll` value means (pure); undefined: no polling. */
export function pollInterval(value: boolean | number | undefined): number | undefined {
  if (value === undefined || value === false) return undefined;
  return value === true ? DEFAULT_POLL_MS : value;
}

/** How the watcher learns of changes, for the startup line (pure). */
export function describeMode(poll: number | undefined): string {
  return poll === undefined ? "by file-system events" : `by polling every ${poll} ms`;
}

/**
 * Linux file systems (`statfs` f_type magic numbers, from linux/magic.h and the file systems'
 * own headers) on which the kernel sees only the changes made through this machine: a file
 * another machine (or the host, under a bind mount into a virtual machine) writes sends no event.
 */
const WITHOUT_REMOTE_EVENTS = new Map<number, string>([
  [0x6969, "NFS"],
  [0x517b, "SMB"],
  [0xff534d42, "CIFS/SMB"],
  [0xfe534d42, "SMB"],
  [0x65735546, "FUSE"],
  [0x01021997, "9p"],
  [0x00c36400, "Ceph"],
  [0x5346414f, "AFS"],
  [0x73757245, "Coda"],
]);

/** The name of a file system known to lack remote events, from its `statfs` type (pure). */
export function remoteFileSystem(type: number, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform !== "linux") return undefined;
  return WITHOUT_REMOTE_EVENTS.get(type >>> 0);
}

/**
 * The one line the watcher prints when `folder` is on such a file system and it is not polling
 * (I/O: one `statfs`); undefined otherwise, or when the file system cannot be told.
 */
export async function remoteWarning(folder: string, poll: number | undefined): Promise<string | undefined> {
  if (poll !== undefined) return undefined;
  const kind = await statfs(folder).then((s) => remoteFileSystem(s.type), () => undefined);
  if (kind === undefined) return undefined;
  return `wirefeed: ${folder} is on ${kind}, which reports no changes made by other machines: ` +
    `stories written there may never reach the feeds; watch with --poll (watch.poll in the config)`;
}
