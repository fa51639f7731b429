/**
 * What a long build reports while it runs: counts so far, for a terminal to show (the CLI's
 * `terminalProgress`). The pipeline only counts; whether and how anything is shown is the
 * caller's choice, so a build in CI or a library user pays nothing but the calls.
 */
export interface Progress {
  /** `done` of the `total` story files are read (parsed, or taken from the cache). */
  read(done: number, total: number): void;
  /** `files` more output files written (or rendered and found already right). */
  wrote(files: number): void;
}
