import { hashBytes } from "./hash.js";
import { assembleStory, renderBody } from "./assemble.js";
import { firstParagraphText } from "./normalize/index.js";
import type { Config } from "./config.js";
import { decode } from "./decode.js";
import { hasError, inFile, type Diagnostic } from "./diagnostics.js";
import { bodyOf, parseText } from "./parse.js";
import { agencyBody, isAgencyFormat, parseAgency } from "./ingest/index.js";
import { readStorySync, storyFormat, timedByFile, type StoryFile } from "./read.js";
import { byFile, duplicateStories } from "./rules.js";
import type { Picture, Story } from "./story.js";

/**
 * One story file as the catalog knows it: its identity on disk, and either its story (without
 * the rendered body) or the errors that kept it out. Diagnostics include warnings either way.
 */
export interface Entry {
  /** Path relative to the stories folder, `/`-separated. */
  file: string;
  size: number;
  mtimeMs: number;
  /** Hash of the file's bytes. */
  hash: string;
  /** For raw text, the history its date was chosen from (see {@link FileHistory}): the entry holds while they do. */
  committed?: number;
  firstSeen?: number;
  story?: Story;
  diagnostics: Diagnostic[];
}

export { hashBytes };

/**
 * Pure: a story file's bytes to its story and diagnostics. With `withBody` false (the default for
 * cataloguing) the body is checked and hashed but not rendered.
 */
export function storyFromBytes(
  file: string, bytes: Uint8Array, mtime: Date, config: Config, withBody = false, history: FileHistory = {},
): { story?: Story; diagnostics: Diagnostic[] } {
  const decoded = decode(bytes);
  if (decoded.text === undefined) return { diagnostics: inFile(file, decoded.findings) };
  const format = storyFormat(file);
  const parsed = isAgencyFormat(format) ? parseAgency(decoded.text, format) : parseText(decoded.text, format);
  const facts = {
    file, mtime,
    ...(history.committed !== undefined ? { committed: new Date(history.committed) } : {}),
    ...(history.firstSeen !== undefined ? { firstSeen: new Date(history.firstSeen) } : {}),
  };
  const { story, findings } = assembleStory(parsed, facts, config, withBody);
  const diagnostics = inFile(file, [...decoded.findings, ...findings]);
  return hasError(diagnostics) ? { diagnostics } : { story, diagnostics };
}

/**
 * Pure: a catalogued story with its body rendered from the file's bytes. The front matter is not
 * read again: the story was checked when it was catalogued, from these same bytes (the caller
 * compares hashes), so only the body is cut out and rendered.
 */
export function withBodyFromBytes(story: Story, bytes: Uint8Array, siteUrl: string): Story {
  const format = storyFormat(story.file);
  const text = decode(bytes).text ?? "";
  const contentHtml = isAgencyFormat(format) ? renderBody(agencyBody(text, format), "html", siteUrl) : renderBody(bodyOf(text, format), format, siteUrl);
  return { ...story, contentHtml, summary: story.summary || firstParagraphText(contentHtml) };
}

/**
 * Pure (its one state is a cache of shared values): an Entry from a file's bytes and stat. Its
 * story shares no memory with the file's text (see {@link detached}).
 */
export function entryFromBytes(file: string, bytes: Uint8Array, mtimeMs: number, config: Config, history: FileHistory = {}): Entry {
  const { story, diagnostics } = storyFromBytes(file, bytes, new Date(mtimeMs), config, false, history);
  const entry: Entry = { file, size: bytes.length, mtimeMs, hash: hashBytes(bytes), diagnostics };
  if (timedByFile(file)) {
    if (history.committed !== undefined) entry.committed = history.committed;
    if (history.firstSeen !== undefined) entry.firstSeen = history.firstSeen;
  }
  if (story) entry.story = detached(story);
  return entry;
}

/** What a raw story's date may come from besides its text and file name (ms; see `rawDate`). */
export interface FileHistory {
  committed?: number;
  firstSeen?: number;
}

/**
 * Whether a cached entry of a file whose bytes are unchanged still holds (pure): always for
 * Markdown, whose date is in its front matter; for raw text while the history its date was chosen
 * from is the same, and the file's time too when nothing else could date it.
 */
export function sameFacts(known: Entry, mtimeMs: number, history: FileHistory): boolean {
  if (!timedByFile(known.file)) return true;
  if (known.committed !== history.committed || known.firstSeen !== history.firstSeen) return false;
  return history.committed !== undefined || history.firstSeen !== undefined || known.mtimeMs === mtimeMs;
}

/**
 * The story with its strings copied. A value the YAML reader (or the raw text parser) cut from
 * the file is a slice that keeps the whole front matter (or text) alive, and a catalogue keeps
 * every story for as long as it runs: at 10,000 stories, 7 MB of front matter text was held for
 * 3.5 MB of values. Values that repeat from story to story (agency, copyright, bylines,
 * categories…) are shared, one copy each, rather than copied for every story.
 */
export function detached(story: Story): Story {
  return remade(story, copied);
}

/**
 * The story with its recurring values shared, as {@link detached} shares them, and its other
 * strings as they are: for a story already free of slices, such as one a worker thread parsed,
 * which arrives as a copy with its own copy of every value.
 */
export function withSharedValues(story: Story): Story {
  return remade(story, (s) => s);
}

function remade(story: Story, copy: (s: string) => string): Story {
  const s = { ...story } as Record<string, unknown>;
  for (const key in s) {
    if (key === "file") continue; // the caller's own string
    const v = s[key];
    const each = SHARED_FIELDS.has(key) ? shared : copy;
    if (typeof v === "string") s[key] = each(v);
    else if (key === "images") s[key] = (v as Picture[]).map((p) => remadePicture(p, copy));
    else if (Array.isArray(v)) s[key] = v.map((x: unknown) => (typeof x === "string" ? each(x) : x));
  }
  return s as unknown as Story;
}

/** A picture with its strings copied, its credit and copyright shared (they recur as a story's do). */
function remadePicture(picture: Picture, copy: (s: string) => string): Picture {
  const p = { ...picture } as unknown as Record<string, unknown>;
  for (const key in p) {
    const v = p[key];
    if (typeof v === "string") p[key] = key === "credit" || key === "copyright" || key === "usageTerms" ? shared(v) : copy(v);
  }
  return p as unknown as Picture;
}

/** Story fields whose values recur across stories. */
const SHARED_FIELDS = new Set(["byline", "credit", "copyright", "categories", "dateline", "usageTerms", "language", "status"]);

/**
 * A string that shares no memory with the one given. V8 keeps a substring under 13 characters as
 * a copy of its own; a longer one as a slice of its parent. For those, it flattens the
 * concatenation into a fresh string before slicing it, so the result refers to that copy.
 */
function copied(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** One copy of each recurring value (see {@link copied}), for as long as there are fewer than `SHARED_MAX`. */
const sharedValues = new Map<string, string>();
const SHARED_MAX = 50_000;

function shared(s: string): string {
  const known = sharedValues.get(s);
  if (known !== undefined) return known;
  // A long-running watcher meets new bylines for ever: start over rather than grow without end.
  if (sharedValues.size >= SHARED_MAX) sharedValues.clear();
  const copy = copied(s);
  sharedValues.set(copy, copy);
  return copy;
}

/** Reads one story file and catalogues it. Never throws: an unreadable file is an entry with an error. */
export function loadEntrySync(sf: StoryFile, config: Config): Entry {
  const { bytes, mtimeMs, diagnostics } = readStorySync(sf, config.maxBytes);
  if (!bytes || mtimeMs === undefined) return { file: sf.file, size: -1, mtimeMs: -1, hash: "", diagnostics };
  return entryFromBytes(sf.file, bytes, mtimeMs, config, historyOf(sf));
}

/** The history a listed file carries. */
export function historyOf(sf: StoryFile): FileHistory {
  return { committed: sf.committed, firstSeen: sf.firstSeen };
}

/** As {@link loadEntrySync}, for callers that await. */
export async function loadEntry(sf: StoryFile, config: Config): Promise<Entry> {
  return loadEntrySync(sf, config);
}

/** The error on a later file reusing an id (see {@link resolveDuplicates}). */
export function duplicateIdError(file: string, id: string, firstFile: string): Diagnostic {
  return {
    file, line: 1, column: 1, severity: "error", rule: "duplicate-id",
    message: `id "${id}" is already used by ${firstFile}; the first file by path is kept and this one is left out`,
  };
}

/**
 * Resolves duplicate ids (pure): the first file by path keeps the id, every later one gets an
 * error naming both files and is left out. The same headline and body under two ids is a
 * warning on the later file (`duplicate-story`, see `duplicateStories`).
 */
export function resolveDuplicates(entries: Iterable<Entry>): { stories: Story[]; diagnostics: Diagnostic[] } {
  const byId = new Map<string, Story>();
  const diagnostics: Diagnostic[] = [];
  for (const { file, story } of byFile([...entries])) {
    if (!story) continue;
    const first = byId.get(story.id);
    if (first) {
      diagnostics.push(duplicateIdError(file, story.id, first.file));
      continue;
    }
    byId.set(story.id, story);
  }
  const stories = [...byId.values()];
  return { stories, diagnostics: [...diagnostics, ...duplicateStories(stories)] };
}
