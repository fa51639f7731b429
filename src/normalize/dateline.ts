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
