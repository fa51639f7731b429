/**
 * Test helpers that judge our output with tools nobody on this project wrote: libxml2's xmllint
 * (well-formedness, RFC 4287's RELAX NG schema and its Schematron rules), Python's feedparser
 * (what a real reader extracts) and SchemaStore's JSON Feed schema (through ajv).
 *
 * A missing tool throws instead of skipping: CI installs libxml2-utils and python3-feedparser,
 * and a silently skipped validator would hide exactly the bugs these tests exist for.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import AjvDraft04 from "ajv-draft-04";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

const SCHEMAS = fileURLToPath(new URL("./schemas/", import.meta.url));

/** Debian's python3-feedparser is importable only from the system interpreter, not pyenv's. */
const PYTHON = "/usr/bin/python3";

/** A command-line validator's verdict. */
export interface ToolResult {
  ok: boolean;
  /** What the tool printed (stdout then stderr), for assertion messages. */
  output: string;
}

function run(command: string, args: string[], installHint: string): { status: number | null; output: string; stdout: string } {
  // Feeds may carry stories of megabytes (one written on a single line): room for their echo.
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) {
    throw new Error(`${command} could not be run (${result.error.message}); install ${installHint}`, {
      cause: result.error,
    });
  }
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}`.trim() };
}

function xmllint(args: string[]): ToolResult {
  const { status, output } = run("xmllint", ["--noout", ...args], "libxml2-utils");
  return { ok: status === 0, output };
}

/**
 * Is the file well-formed XML? (`xmllint --noout path`)
 * @example expect(xmlWellFormed(file).output).toBe("")
 */
export function xmlWellFormed(path: string): ToolResult {
  return xmllint([path]);
}

/**
 * Is the file a valid Atom 1.0 feed? Runs RFC 4287's RELAX NG schema and then the Schematron rules
 * RELAX NG validators ignore (feed or entry author; entry alternate link or content). Both must pass.
 */
export function xmllintAtom(path: string): ToolResult {
  const relaxng = xmllint(["--relaxng", join(SCHEMAS, "atom.rng"), path]);
  const schematron = xmllint(["--schematron", join(SCHEMAS, "atom-rules.sch"), path]);
  return { ok: relaxng.ok && schematron.ok, output: `${relaxng.output}\n${schematron.output}` };
}

/**
 * Evaluates an XPath expression with xmllint, e.g. `count(//item/author)`. Namespaced documents
 * need `local-name()` tests, since xmllint's --xpath has no prefix bindings.
 * @returns what xmllint printed, trimmed (a number, a string, or serialized nodes).
 */
export function xmlXPath(path: string, expression: string): string {
  const { status, stdout, output } = run("xmllint", ["--xpath", expression, path], "libxml2-utils");
  if (status !== 0) throw new Error(`xmllint --xpath ${expression} failed on ${path}:\n${output}`);
  return stdout.trim();
}

/** One entry as feedparser reads it; `null` where feedparser found nothing. */
export interface ParsedEntry {
  id: string | null;
  title: string | null;
  /** feedparser's idea of the title's content type, e.g. `text/plain`. */
  titleType: string | null;
  link: string | null;
  author: string | null;
  authors: string[];
  rights: string | null;
  published: string | null;
  updated: string | null;
  tags: string[];
  summary: string | null;
  content: string[];
  /** `dc:source` (feedparser exposes unknown namespaced elements as `prefix_name`). */
  source: string | null;
  /** `dc:coverage`. */
  coverage: string | null;
  language: string | null;
  /** Media RSS `media:content`, each with its attributes (`url`, `medium`, `type`, `width`…). */
  mediaContent: Record<string, string>[];
  /** Every `media:credit`'s text. */
  mediaCredit: string[];
  /** `media:copyright`: feedparser keeps one an entry (the last). */
  mediaCopyright: string | null;
  enclosures: Record<string, string>[];
}

/** What feedparser made of a whole file. */
export interface ParsedFeed {
  bozo: boolean;
  bozo_exception: string | null;
  /** e.g. `rss20`, `atom10`. */
  version: string;
  feed: { title: string | null; rights: string | null; language: string | null };
  entries: ParsedEntry[];
}

const FEEDPARSER_SCRIPT = String.raw`
import json, sys
import feedparser

d = feedparser.parse(sys.argv[1])

def entry(e):
    return {
        "id": e.get("id"),
        "title": e.get("title"),
        "titleType": e.get("title_detail", {}).get("type"),
        "link": e.get("link"),
        "author": e.get("author"),
        "authors": [a.get("name") for a in e.get("authors", [])],
        "rights": e.get("rights"),
        "published": e.get("published"),
        "updated": e.get("updated"),
        "tags": [t.get("term") for t in e.get("tags", [])],
        "summary": e.get("summary"),
        "content": [c.get("value") for c in e.get("content", [])],
        "source": e.get("dc_source"),
        "coverage": e.get("dc_coverage"),
        "language": e.get("title_detail", {}).get("language"),
        "mediaContent": e.get("media_content", []),
        "mediaCredit": [c.get("content") for c in e.get("media_credit", [])],
        "mediaCopyright": e.get("media_copyright"),
        "enclosures": [dict(x) for x in e.get("enclosures", [])],
    }

print(json.dumps({
    "bozo": bool(d.bozo),
    "bozo_exception": str(d.bozo_exception) if d.bozo else None,
    "version": d.version,
    "feed": {k: d.feed.get(k) for k in ("title", "rights", "language")},
    "entries": [entry(e) for e in d.entries],
}))
`;

/**
 * Parses a feed file with Python's feedparser, as many readers and aggregators do.
 * `bozo` is true when feedparser met anything not well-formed.
 */
export function feedparser(path: string): ParsedFeed {
  const { status, stdout, output } = run(PYTHON, ["-c", FEEDPARSER_SCRIPT, path], "python3-feedparser");
  if (status !== 0) throw new Error(`feedparser failed (is python3-feedparser installed?):\n${output}`);
  return JSON.parse(stdout) as ParsedFeed;
}

// A CommonJS package: under NodeNext the default import is `module.exports`, whose `default` is
// the class (at run time both are; only the types insist on `.default`).
const Ajv = AjvDraft04.default;

let validateJsonFeed: ValidateFunction | undefined;

/** Compiles SchemaStore's JSON Feed 1.1 schema once; it `$ref`s the 1.0 schema as `feed-1`. */
function jsonFeedValidator(): ValidateFunction {
  if (validateJsonFeed) return validateJsonFeed;
  const readSchema = (name: string): object => JSON.parse(readFileSync(join(SCHEMAS, name), "utf8")) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The schemas use the "uri" and "date-time" formats; without definitions ajv ignores them.
  addFormats.default(ajv as unknown as Parameters<typeof addFormats.default>[0], ["uri", "date-time"]);
  // The 1.0 file's own `id` is https://json.schemastore.org/feed-1: exactly what `feed-1`
  // resolves to against the 1.1 file's id (https://json.schemastore.org/feed.json).
  ajv.addSchema(readSchema("jsonfeed-1.schema.json"));
  const validate = ajv.compile(readSchema("jsonfeed-1.1.schema.json"));
  validateJsonFeed = validate;
  return validate;
}

/**
 * Validates a parsed JSON document against the JSON Feed 1.1 schema.
 * @returns every schema error; an empty array means valid.
 */
export function jsonFeedSchema(doc: unknown): ErrorObject[] {
  const validate = jsonFeedValidator();
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}

/**
 * Writes files into a fresh temp folder, for the command-line validators. The caller removes `dir`.
 * @returns the folder, and the absolute path of each file by name.
 */
export function writeTemp<K extends string>(files: Record<K, string>): { dir: string; paths: Record<K, string> } {
  const dir = mkdtempSync(join(tmpdir(), "wirefeed-render-"));
  const paths = {} as Record<K, string>;
  for (const name of Object.keys(files) as K[]) {
    const path = join(dir, name);
    writeFileSync(path, files[name]);
    paths[name] = path;
  }
  return { dir, paths };
}
