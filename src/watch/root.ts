/**
 * The stories folder's coming and going (I/O: a stat on a timer). While it is gone the feeds stay
 * as they are; it is looked for every `ROOT_POLL_MS` until it is back and can be watched again.
 */
import { statSync } from "node:fs";

/** How often a vanished stories folder is looked for. */
export const ROOT_POLL_MS = 250;

/** Whether `path` is a folder now (false when it is gone or cannot be looked at). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/** Looks for a folder until it is back; call `stop` to give up. */
export class RootReturn {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  /**
   * @param back called when the folder is there again; resolves false when it cannot be watched
   *   yet, and it is looked for again later.
   */
  constructor(private readonly dir: string, private readonly back: () => Promise<boolean>) {
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.timer = setTimeout(() => void this.look(), ROOT_POLL_MS);
  }

  private async look(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    if (isDirectory(this.dir) && (await this.back())) return;
    if (!this.stopped) this.arm();
  }
}
