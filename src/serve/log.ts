/** The server's request log (I/O): lines that never block a response, values that cannot forge a line. */
import { write } from "node:fs";

/** A value as it may appear in a log line: control characters, line separators and backslashes written as `\xNN` or `\uNNNN`. */
export function logText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/**
 * A log for `ServeOptions.log` that never blocks a response: lines are queued and written to
 * `fd` (default stdout) by one asynchronous write at a time. A reader that stops reading (a full
 * pipe) costs queued memory up to `limitBytes`, then lines are dropped and counted, and the count
 * is written once the log moves again. Writing to a pipe through `console.log` is synchronous, so
 * one stalled log reader would have stopped the server.
 */
export function queuedLog(fd = 1, limitBytes = 1 << 20): (line: string) => void {
  let queue: string[] = [];
  let queued = 0;
  let writing = false;
  let dropped = 0;
  let broken = false;
  const flush = (): void => {
    if (writing || queue.length === 0 || broken) return;
    writing = true;
    const chunk = Buffer.from(queue.join(""));
    queue = [];
    queued = 0;
    const send = (at: number): void => {
      write(fd, chunk, at, chunk.length - at, null, (err, n) => {
        if (err && (err as NodeJS.ErrnoException).code === "EAGAIN") return void setTimeout(() => send(at), 10).unref();
        if (err) {
          broken = true; // the reader is gone (EPIPE): nothing more to write
          return;
        }
        if (at + n < chunk.length) return send(at + n);
        writing = false;
        flush();
      });
    };
    send(0);
  };
  return (line) => {
    if (broken) return;
    if (queued + line.length > limitBytes) {
      dropped++;
      return;
    }
    if (dropped > 0) {
      const note = `wirefeed: ${dropped} log line${dropped === 1 ? "" : "s"} dropped: the log was not read fast enough\n`;
      queue.push(note);
      queued += note.length;
      dropped = 0;
    }
    queue.push(`${line}\n`);
    queued += line.length + 1;
    flush();
  };
}
