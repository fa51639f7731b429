import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { feedparser, jsonFeedSchema, xmllintAtom, xmlWellFormed, xmlXPath } from "../validators.js";

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

/**
 * The W3C feed validator's Media RSS checks (its media.py), by XPath on an RSS or Atom file:
 * medium one of five, sizes positive integers, type a MIME type, title and text of type plain or
 * html, at most one title and one copyright per media:content, a credit role in lower case, no
 * markup in text that says plain; and ours: every picture at an https URL with its credit and
 * copyright. Returns how many `media:content` the file holds.
 */
export function expectMediaRss(path: string): number {
  const count = (x: string) => Number(xmlXPath(path, `count(${x})`));
  const content = "//*[local-name()='content' and namespace-uri()='http://search.yahoo.com/mrss/']";
  expect(count(`${content}[@medium!='image' or not(starts-with(@url, 'https://'))]`), path).toBe(0);
  for (const attr of ["width", "height", "fileSize"]) expect(count(`${content}/@${attr}[translate(., '0123456789', '') != '' or . = '' or number(.) < 1]`), `${path} @${attr}`).toBe(0);
  expect(count(`${content}/@type[not(starts-with(., 'image/')) or contains(., ' ')]`), path).toBe(0);
  expect(count(`${content}/*[(local-name()='title' or local-name()='text') and @type!='plain' and @type!='html']`), path).toBe(0);
  expect(count(`${content}[count(*[local-name()='title']) > 1 or count(*[local-name()='copyright']) > 1]`), path).toBe(0);
  expect(count(`${content}/*[local-name()='credit'][@role and @role != translate(@role, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')]`), path).toBe(0);
  expect(count(`${content}/*[contains(., '<')]`), path).toBe(0);
  // Every picture carries its credit and copyright, in the Media RSS namespace.
  expect(count(`${content}[not(*[local-name()='credit']) or not(*[local-name()='copyright'])]`), path).toBe(0);
  return count(content);
}
