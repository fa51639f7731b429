import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { feedparser, jsonFeedSchema, xmllintAtom, xmlWellFormed } from "../validators.js";

/**
 * Judges a feed folder (rss.xml, atom.xml, feed.json) with the independent validators: xmllint
 * (well-formedness; RFC 4287 RELAX NG and Schematron for Atom), feedparser (no bozo; author and
 * rights on every entry) and the JSON Feed 1.1 schema. Returns feedparser's view of both XML feeds.
 */
export function expectValidFeeds(dir: string) {
  const rss = join(dir, "rss.xml"), atom = join(dir, "atom.xml");
  expect(xmlWellFormed(rss).output).toBe("");
  const atomCheck = xmllintAtom(atom);
  expect(atomCheck.ok, atomCheck.output).toBe(true);
  const parsed = { rss: feedparser(rss), atom: feedparser(atom) };
  for (const feed of [parsed.rss, parsed.atom]) {
    expect(feed.bozo, String(feed.bozo_exception)).toBe(false);
    for (const entry of feed.entries) {
      expect(entry.author, `author of ${entry.id}`).toBeTruthy();
      expect(entry.rights, `rights of ${entry.id}`).toBeTruthy();
    }
  }
  const json = JSON.parse(readFileSync(join(dir, "feed.json"), "utf8"));
  expect(jsonFeedSchema(json)).toEqual([]);
  return { ...parsed, json };
}
