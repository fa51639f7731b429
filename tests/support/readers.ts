/**
 * Outside feed readers driven as a partner's software would drive them, each giving what it shows
 * of every item as one text (HTML turned into its text by Python's own HTML parser): Debian's
 * python3-feedparser on a file, and newsboat (Debian's console reader) fetching a URL over HTTP,
 * its stored articles read back from its SQLite cache. A missing reader is a failure, not a skip.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

/** What a reader shows of one item. */
export interface Shown { id: string; text: string }

const PYTHON = "/usr/bin/python3";

const HTML_TEXT = String.raw`
from html.parser import HTMLParser
class Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True); self.parts = []
    def handle_data(self, data): self.parts.append(data)
def text(html):
    t = Text(); t.feed(html or ""); t.close(); return " ".join(t.parts)
`;

/** feedparser: what it gives a reader of each entry (author line, summary, content). */
const FEEDPARSER = String.raw`
import json, sys, feedparser
${HTML_TEXT}
d = feedparser.parse(sys.argv[1])
assert not d.bozo, d.bozo_exception
print(json.dumps([{ "id": e.get("id"), "text": " ".join([e.get("author") or "", text(e.get("summary")), *[text(c.value) for c in e.get("content", [])]]) } for e in d.entries]))
`;

/** newsboat's cache: the articles as it stores them to show, one row per item. */
const NEWSBOAT_CACHE = String.raw`
import json, sqlite3, sys
${HTML_TEXT}
rows = sqlite3.connect(sys.argv[1]).execute("select guid, author, content from rss_item").fetchall()
print(json.dumps([{ "id": guid, "text": author + " " + text(content) } for guid, author, content in rows]))
`;

function python(script: string, arg: string): Shown[] {
  const r = spawnSync(PYTHON, ["-c", script, arg], { encoding: "utf8" });
  if (r.error || r.status !== 0) throw new Error(`${PYTHON} failed (is python3-feedparser installed?): ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout) as Shown[];
}

/** What feedparser shows of each entry of a feed file. */
export function feedparserShows(path: string): Shown[] {
  return python(FEEDPARSER, path);
}

/**
 * newsboat fetches `url` (reload) into a cache of its own under `home`, then says how many
 * articles it holds unread; returns that count and what it shows of each article. Asynchronous:
 * the server it fetches from may run in this process.
 */
export async function newsboatShows(url: string, home: string): Promise<{ unread: string; shown: Shown[] }> {
  mkdirSync(home, { recursive: true });
  const urls = join(home, "urls");
  const cache = join(home, "cache.db");
  writeFileSync(urls, `${url}\n`);
  const args = ["-u", urls, "-c", cache, "-C", "/dev/null"];
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home };
  const run = (command: string) => promisify(execFile)("newsboat", ["-x", command, ...args], { encoding: "utf8", env, timeout: 60_000 })
    .catch((err: NodeJS.ErrnoException) => {
      throw new Error(err.code === "ENOENT" ? "newsboat is missing: apt-get install newsboat (.ci/run does)" : String(err), { cause: err });
    });
  await run("reload");
  const unread = (await run("print-unread")).stdout.trim();
  return { unread, shown: python(NEWSBOAT_CACHE, cache) };
}

/** Collapses runs of whitespace, as a reader lays out text. */
export const flat = (s: string): string => s.replace(/\s+/g, " ");
