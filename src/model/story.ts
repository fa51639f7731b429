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
  /** Where an agency story came from, and what of it wirefeed does not map (JSON Feed `_wire.source`). */
  source?: WireSource;
  /**
   * The story's pictures, the main one first, each with its own attribution. Only pictures with a
   * credit and a copyright notice are here (`image-unattributed` warns of the others). Unset: none.
   */
  images?: Picture[];
  /**
   * Where a Markdown story's body starts in its file's text (decoded, line breaks made LF), as
   * the front matter was cut when the story was catalogued: its body can be cut again from the
   * same bytes without reading the front matter a second time. Not part of what is published.
   */
  bodyOffset?: number;
  /**
   * Which item of its file the story is, when the file holds several (a NewsML-G2 newsMessage of
   * several text items, #16): unset for a file of one story, which is every other file.
   */
  item?: StoryItem;
}

/** A story's place among the text items of its file: 1-based in file order, and where the item starts. */
export interface StoryItem {
  index: number;
  line: number;
  column: number;
}

/**
 * A story's key among all stories of a build (pure): its file, and for an item of a file of
 * several, `file#index`. What a catalogue, its bodies and a publication key stories by.
 */
export function storyRef(story: Pick<Story, "file" | "item">): string {
  return story.item === undefined ? story.file : `${story.file}#${story.item.index}`;
}

/**
 * An agency story's origin: its format and version, its item URI, and the source fields
 * wirefeed does not map, by name with their values as the file gave them (XML as JSON data).
 */
export interface WireSource {
  format: "ninjs" | "newsml-g2";
  version?: string;
  uri?: string;
  unmapped?: Record<string, unknown>;
}

/** A picture that goes with a story: its own credit and rights, separate from the story's. All text is one cleaned line. */
export interface Picture {
  /** Absolute https URL of the image file. */
  url: string;
  caption?: string;
  /** Text equivalent for readers who cannot see the picture. */
  alt?: string;
  /** The photographer or agency, as it should be printed. */
  credit: string;
  copyright: string;
  usageTerms?: string;
  /** Pixels. */
  width?: number;
  height?: number;
  /** Media type, such as `image/jpeg`. */
  type?: string;
  /** Size of the file in bytes: RSS `<enclosure>` needs it, so the main picture is an enclosure only with it. */
  length?: number;
}

export type StoryStatus = "usable" | "withheld" | "canceled";

/** Which text form the body had in its file. */
export type BodyKind = "markdown" | "raw" | "html";
