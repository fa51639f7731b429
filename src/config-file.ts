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
  /** `at`: where in the file, for a file that is not JSON (the message reads `file:line:col: …`). */
  constructor(readonly file: string, readonly problems: string[], options?: { cause?: unknown; at?: { line: number; column: number } }) {
    super(`${file}${options?.at ? `:${options.at.line}:${options.at.column}` : ""}: ${problems.join("; ")}`, options);
    this.at = options?.at;
  }
  readonly at?: { line: number; column: number };
}

/**
 * Where `text` stops being JSON (RFC 8259): the offset of the first character that cannot
 * continue it (`text.length` when it ends too soon), or undefined when it is JSON (pure). For a
 * line and column to point at: `JSON.parse` names the place in some of its messages only
 * (`Unexpected token '}', "{"a":}" is not valid JSON` has none).
 * @example jsonErrorOffset('{"a": tru}') // 6
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const space = () => {
    while (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r") i++;
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c) || c < 0x20) fail();
      if (c === 0x22) return void i++;
      if (c !== 0x5c) {
        i++;
        continue;
      }
      i++; // the backslash; the escape's letter is where it goes wrong
      if ('"\\/bfnrt'.includes(text[i] ?? "x")) i++;
      else if (text[i] === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 5;
      else fail();
    }
  };
  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      space();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === "{") {
          space();
          if (text[i] !== '"') fail();
          string();
          space();
          if (text[i] !== ":") fail();
          i++;
        }
        value();
        space();
        if (text[i] === close) return void i++;
        if (text[i] !== ",") fail();
        i++;
      }
    }
    if (c === '"') return string();
    for (const word of ["true", "false", "null"]) if (text.startsWith(word, i)) return void (i += word.length);
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) return void (i = NUMBER.lastIndex);
    fail();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return undefined;
  } catch (err) {
    if (err instanceof JsonStop) return err.offset;
    throw err;
  }
}

class JsonStop {
  constructor(readonly offset: number) {}
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
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "the file does not exist" : code === "EISDIR" ? "a folder, not a file" : `cannot read the file (${code ?? (cause as Error).message})`;
    throw new ConfigError(path, [why], { cause });
  }
}
