import type { Config } from "./config.js";

/**
 * A new story's text: every field, each with a comment saying what it is; `published` set to
 * `now` (pure: the caller passes the clock in).
 */
export function skeleton(id: string, now: Date, config: Config): string {
  const published = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const credit = config.publisher ?? "Agency Name";
  return `---
# Required. The headline, plain text.
title: "Headline goes here"
# Required. ISO 8601; a time without an offset is read in ${config.timeZone}.
published: ${published}
# When the story was last changed (drives the feeds' modified dates).
# updated: ${published}
# Stable id: letters, digits, -, _ and . only. Defaults to the file name.
id: ${id}
# One name, or a list of names.
byline: "By Reporter Name"
# The agency. Defaults to the configured publisher.
credit: "${credit}"
# Required. The copyright notice, as the agency gives it.
copyright: "Copyright © ${now.getUTCFullYear()} ${credit}. All rights reserved."
# Terms partners must follow.
# usage_terms: "For use by subscribers only."
# Where the story was filed.
# dateline: GENEVA
# Plain text. Defaults to the first paragraph.
# summary: ""
categories: [World]
# Absolute URL. Defaults to ${config.siteUrl}stories/${id}.
# link: ${config.siteUrl}stories/${id}
# BCP 47 tag. Defaults to the feed's language.
# language: ${config.language}
# usable (default) | withheld (kept out of every output) | canceled (killed).
# status: usable
# Kept out of every output until this instant.
# embargo: ${published}
# Whole number, raised with each correction (default 1).
# version: 1
# Correction note, shown under the story.
# correction: ""
# A picture (or images: a list of them). Without credit and copyright it is not published.
# image:
#   url: https://images.example.com/photo.jpg
#   caption: ""
#   alt: ""
#   credit: "Photographer / Agency"
#   copyright: "© ${now.getUTCFullYear()} Agency"
#   usage_terms: "Editorial use only."
#   width: 1200
#   height: 800
#   type: image/jpeg
#   length: 245760
---

DATELINE — First paragraph.
`;
}

/**
 * Today's dated folder, `YYYY/MM/DD`, by the calendar of `timeZone` (pure): where `wirefeed new
 * --dated` writes, the layout the README recommends for large archives.
 * @example dayFolder(new Date("2026-12-02T23:30:00Z"), "Europe/Berlin") // "2026/12/03"
 */
export function dayFolder(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}/${part("month")}/${part("day")}`;
}

/** Whether a stories folder's top-level names show the dated layout: a folder named as a year. */
export function looksDated(names: readonly { name: string; isDirectory(): boolean }[]): boolean {
  return names.some((e) => e.isDirectory() && /^\d{4}$/.test(e.name));
}
