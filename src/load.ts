import { assembleStory } from "./assemble.js";
import type { Config } from "./config.js";
import { decode } from "./decode.js";
import { hasError, inFile, type Diagnostic } from "./diagnostics.js";
import { parseText } from "./parse.js";
import { readStory, type StoryFile } from "./read.js";
import type { Story } from "./story.js";

/** One story file, read and normalized: the story when it had no error, and every diagnostic. */
export interface Loaded {
  file: string;
  story?: Story;
  diagnostics: Diagnostic[];
}

/** Pure: a story file's bytes to a Story and its diagnostics. */
export function storyFromBytes(file: string, bytes: Uint8Array, mtime: Date, config: Config): Loaded {
  const decoded = decode(bytes);
  if (decoded.text === undefined) return { file, diagnostics: inFile(file, decoded.findings) };
  const kind = file.toLowerCase().endsWith(".txt") ? "raw" : "markdown";
  const { story, findings } = assembleStory(parseText(decoded.text, kind), { file, mtime }, config);
  const diagnostics = inFile(file, [...decoded.findings, ...findings]);
  return hasError(diagnostics) ? { file, diagnostics } : { file, story, diagnostics };
}

/** Reads one story file and normalizes it. Never throws. */
export async function loadStory(sf: StoryFile, config: Config): Promise<Loaded> {
  const { bytes, mtime, diagnostics } = await readStory(sf, config.maxBytes);
  if (!bytes || !mtime) return { file: sf.file, diagnostics };
  return storyFromBytes(sf.file, bytes, mtime, config);
}

/**
 * Resolves duplicate ids (pure): the first file by path keeps the id, every later one gets an
 * error naming both files and is left out.
 */
export function resolveDuplicates(loaded: readonly Loaded[]): { stories: Story[]; diagnostics: Diagnostic[] } {
  const byId = new Map<string, Story>();
  const diagnostics: Diagnostic[] = [];
  for (const l of [...loaded].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    if (!l.story) continue;
    const first = byId.get(l.story.id);
    if (first) {
      diagnostics.push({
        file: l.file, line: 1, column: 1, severity: "error", rule: "duplicate-id",
        message: `id "${l.story.id}" is already used by ${first.file}; the first file by path is kept and this one is left out`,
      });
      continue;
    }
    byId.set(l.story.id, l.story);
  }
  return { stories: [...byId.values()], diagnostics };
}
