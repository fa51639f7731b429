import { readSync } from "node:fs";

/**
 * Everything a non-blocking file descriptor (the read end of a named pipe opened O_NONBLOCK) holds
 * now, as UTF-8; "" when it holds nothing yet (EAGAIN) or its writers are gone.
 */
export function readAvailable(fd: number): string {
  const chunk = Buffer.alloc(1 << 16);
  let text = "";
  for (;;) {
    try {
      const n = readSync(fd, chunk);
      if (n === 0) return text;
      text += chunk.toString("utf8", 0, n);
    } catch {
      return text; // EAGAIN: nothing more for now
    }
  }
}
