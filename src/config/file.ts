/**
 * The config file on disk, before any schema: its name, its text, and the error a bad one gives.
 * Light on purpose (no zod), so the CLI can key the up-to-date check by the config's text
 * without loading the schema.
 */
import { readFile } from "node:fs/promises";

/** The file `wirefeed` looks for in the working folder when `--config` is not given. */
export const CONFIG_FILE = "wirefeed.config.json";

/** Folders used when the config names none, relative to the config file. */
export const DEFAULT_STORIES = "stories";
export const DEFAULT_OUTPUT = "output";

export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: string[], options?: { cause?: unknown }) {
    super(`${file}: ${problems.join("; ")}`, options);
  }
}

/**
 * Reads a config file's text (I/O): undefined when it is missing and not `required`.
 * Throws ConfigError when it cannot be read.
 */
export async function readConfigText(path: string, required: boolean): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (cause) {
    if (!required && (cause as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigError(path, [`cannot read the file (${(cause as Error).message})`], { cause });
  }
}
