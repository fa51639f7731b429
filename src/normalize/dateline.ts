/** The place: capitals of any script (with combining marks), spaces, dots, apostrophes, hyphens. */
const PLACE = String.raw`[\p{Lu}][\p{Lu}\p{M} .'’-]*?`;

/** An optional state or region abbreviation after the place: `, Calif.`, `, N.Y.`. */
const REGION = String.raw`(?:,\s*\p{Lu}[\p{L}.]{0,6}\.)?`;

/** An optional date: `, Feb. 28`, `, 28 February`, optionally with a year. */
const DATE = String.raw`(?:,\s*(?:\p{Lu}\p{Ll}+\.?\s+\d{1,2}|\d{1,2}\s+\p{Lu}\p{Ll}+\.?)(?:,?\s+\d{4})?)?`;

/** An optional agency in parentheses: `(AP)`, `(Agency)`. */
const AGENCY = String.raw`(?:\s*\([^()\n]{1,40}\))?`;

/**
 * The dash that ends a dateline: an em or en dash (spaces optional), a double hyphen, or a single
 * hyphen with a space after it (a hyphen glued to a word is part of a name like WILKES-BARRE).
 */
const DASH = String.raw`(?:\s*[—–]\s*|\s*--\s*|\s*-\s+)`;

/**
 * The whole dateline at the very start of the paragraph, either wrapped in parentheses,
 * `(MOSCOW) — `, or bare, `MOSCOW, Feb. 28 (Agency) - `. The dash must follow directly, so an
 * ordinary sentence (`NATO said — `) never matches: its lowercase words break the place part.
 */
const DATELINE = new RegExp(
  String.raw`^(?:\((${PLACE}${REGION}${DATE})\)|(${PLACE}${REGION}${DATE}${AGENCY}))${DASH}(?=\S)`,
  "u",
);

/** A place needs two capitals, so a sentence starting `A — ` is not a dateline. */
const TWO_CAPITALS = /\p{Lu}[^\p{Lu}]*\p{Lu}/u;

/**
 * Takes the dateline off the start of a story's first paragraph. The value is the place as
 * written, without the surrounding parentheses and the dash.
 *
 * @example extractDateline("(MOSCOW) — Russia’s military…") // { dateline: "MOSCOW", rest: "Russia’s military…" }
 * @example extractDateline("WASHINGTON (AP) — The…") // { dateline: "WASHINGTON (AP)", rest: "The…" }
 */
export function extractDateline(firstParagraph: string): { dateline?: string; rest: string } {
  const m = DATELINE.exec(firstParagraph);
  const value = (m?.[1] ?? m?.[2])?.replace(/\s+/g, " ").trim();
  if (m === null || value === undefined || !TWO_CAPITALS.test(value)) return { rest: firstParagraph };
  return { dateline: value, rest: firstParagraph.slice(m[0].length) };
}

/** Month names and their wire abbreviations, lower case, to the month's number. */
const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
};

/** The date part of a dateline: `, Feb. 28`, `, 28 February`, `, March 3, 2020`. */
const DATELINE_DATE = /,\s*(?:(\p{Lu}\p{Ll}+)\.?\s+(\d{1,2})|(\d{1,2})\s+(\p{Lu}\p{Ll}+)\.?)(?:,?\s+(\d{4}))?(?![\p{L}\p{N}])/u;

/** A calendar day as a dateline gives it; the year only when it is written. */
export interface DatelineDate {
  year?: number;
  month: number;
  day: number;
}

/**
 * The date a dateline carries, if any: `MOSCOW, Feb. 28 (Agency)` → February 28, no year;
 * `LONDON, 3 March 2020` → 2020-03-03. A word that is no month (`PARIS, Texas 4`) is no date.
 *
 * @example datelineDate("MOSCOW, Feb. 28 (Agency)") // { month: 2, day: 28 }
 */
export function datelineDate(dateline: string): DatelineDate | undefined {
  const m = DATELINE_DATE.exec(dateline);
  if (m === null) return undefined;
  const month = MONTHS[(m[1] ?? m[4] ?? "").toLowerCase()];
  const day = Number(m[2] ?? m[3]);
  if (month === undefined || day < 1 || day > 31) return undefined;
  return m[5] === undefined ? { month, day } : { year: Number(m[5]), month, day };
}
