import type { Progress } from "../model/progress.js";

/** A terminal's progress line, redrawn at most this often. */
const REDRAW_MS = 100;

/**
 * Whether the environment says this is a CI run: `CI` set to anything but empty, `0` or `false`
 * (GitHub Actions, GitLab, and most others set `CI=true`).
 */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

/**
 * A build's progress on a terminal: one line, redrawn in place (at most every 100 ms), of story
 * files read and output files written, erased when the build ends. Undefined, so nothing is
 * drawn, when `stream` is not a terminal or this is a CI run: a log gets no carriage returns.
 */
export function terminalProgress(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): (Progress & { end(): void }) | undefined {
  if (!stream.isTTY || inCi(env)) return undefined;
  let read = 0, total = 0, written = 0, drawn = -Infinity, shown = false;
  const draw = () => {
    stream.write(`\r\x1b[2Kwirefeed: ${read} of ${total} story files read, ${written} ${written === 1 ? "file" : "files"} written`);
    shown = true;
  };
  const maybeDraw = () => {
    const now = performance.now();
    if (now - drawn < REDRAW_MS) return;
    drawn = now;
    draw();
  };
  return {
    read(done, of) {
      read = done;
      total = of;
      maybeDraw();
    },
    wrote(files) {
      written += files;
      maybeDraw();
    },
    end() {
      // The last counts, then the line erased: the summary line takes its place.
      if (!shown && read === 0 && written === 0) return;
      draw();
      stream.write("\r\x1b[2K");
    },
  };
}
