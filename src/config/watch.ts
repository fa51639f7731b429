/** The defaults of the config's `watch` settings. */

/**
 * How long a story file written in place must keep its size, modification time and inode before
 * it is read, in milliseconds (`watch.settle`): longer than the pauses of slow writers (FTP and SMB
 * uploads, slow shares) between their chunks, so that no half story is read. A file renamed in
 * whole does not wait for it. Chosen by measurement: see docs/watching.md.
 */
export const DEFAULT_SETTLE_MS = 1000;

/** The polling interval `--poll` and `watch.poll: true` mean (see docs/watching.md). */
export const DEFAULT_POLL_MS = 1000;
