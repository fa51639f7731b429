/** The normalized story every later stage works with. All text is NFC, free of XML-forbidden characters. */
export interface Story {
  /** Stable id: letters, digits, `-`, `_`, `.`; the same in every format. */
  id: string;
  /** Path of the source file relative to the stories folder, with `/` separators. */
  file: string;
  /** Plain-text headline. */
  title: string;
  published: Date;
  updated?: Date;
  /** One entry per author; never empty (falls back to the credit). */
  byline: string[];
  /** The agency. */
  credit: string;
  /** The copyright notice, required. */
  copyright: string;
  usageTerms?: string;
  dateline?: string;
  /** Plain-text summary (defaults to the first paragraph). */
  summary: string;
  /** Sanitized HTML body: no script, handler, `javascript:` URL or frame. */
  contentHtml: string;
  /** Hash of the normalized body text: finds the same story filed under two ids. */
  bodyHash?: string;
  categories: string[];
  /** Absolute URL. */
  link: string;
  language?: string;
  status: StoryStatus;
  embargo?: Date;
  version: number;
  correction?: string;
  /**
   * Where a Markdown story's body starts in its file's text (decoded, line breaks made LF), as
   * the front matter was cut when the story was catalogued: its body can be cut again from the
   * same bytes without reading the front matter a second time. Not part of what is published.
   */
  bodyAt?: number;
}

export type StoryStatus = "usable" | "withheld" | "canceled";

/** Which text form the body had in its file. */
export type BodyKind = "markdown" | "raw";
