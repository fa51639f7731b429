/** Where a period, `?` or `!` does not end a sentence (pure): abbreviations, initials, names, addresses. */

/**
 * Abbreviations that end in a period but do not end a sentence (case as usually written): titles
 * and words that stand before a name or a number (`Sen.`, `St.`, `Feb.`).
 */
const ABBREVIATIONS = new Set([
  "Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Rep", "Gov", "Gen", "Col", "Lt", "Sgt", "Capt", "Maj",
  "Adm", "Cmdr", "Prof", "Rev", "Hon", "Pres", "Supt", "Co",
  "Dept", "Univ", "Assn", "Ave", "Blvd", "Rd", "Mt", "Ft", "vs", "approx",
  "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
]);

/**
 * Abbreviations that close a name or a list (`Monsters Inc.`, `Smith Jr.`, `and so on, etc.`):
 * a sub-editor knows they can end a sentence, so glued to a capital (`Inc.Shark`) they end the
 * paragraph, while spaced (`Inc. said`) they never split anything, as no spaced period does.
 */
const ENDING_ABBREVIATIONS = new Set(["Inc", "Ltd", "Corp", "Bros", "Jr", "Sr", "etc"]);

/** The letters and inner periods right before a period: `war`, `Sen`, `U.N`, `Ph.D`, `e.g`. */
const WORD_BEFORE = /[\p{L}.]+$/u;

/** Dotted abbreviations where every part is one or two letters: U.N, U.S, Ph.D, e.g, i.e, a.m. */
const DOTTED = /^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u;

/** One capital letter standing alone is an initial (J.R.R. Tolkien, Plan B. is the rare loss). */
const INITIAL = /^\p{Lu}$/u;

/** Addresses: a period inside a URL or e-mail is never a sentence end (https://a.com/A.B, www.X.Com, j.s@A.com). */
const ADDRESS = /:\/\/|^[(“"‘']*www\.|@/iu;

/** Common top-level domains glued to a name (Amazon.Com); not two-letter ones, which collide with words like "In". */
const DOMAIN_AFTER = /^(?:com|net|org|edu|gov|mil|info|biz|io)(?![\p{L}])/iu;

/** A capitalized top-level domain: `Amazon.Com`, but also the first word of `analysts.Net traffic`. */
const CAPITALIZED_DOMAIN = /^\p{Lu}/u;

/** The name a domain is glued to, in a site name written with capitals: `Amazon` of Amazon.Com. */
const CAPITALIZED_NAME = /(?:^|[^\p{L}])\p{Lu}[\p{L}\p{N}-]*$/u;

/**
 * A single capital glued after a period that is neither a word (A, I, O) nor an initial (`J.K.`):
 * the variant letter of a name (`Zafi.D`, `Netsky.P`), since no paragraph starts with a lone `D`.
 */
const VARIANT_LETTER = /^[B-HJ-NP-Z](?![\p{L}\p{N}]|\.\p{L})/u;

/**
 * How far the checks below look around a period. They only need the word or address it sits in;
 * looking at all the text before it made a long paragraph cost quadratic time (a 400,000-character
 * paragraph took 12 s).
 */
export const WINDOW = 500;

/** The non-space run around position `i` (at most {@link WINDOW} each side), where URLs and e-mail addresses live. */
function tokenAround(text: string, i: number): string {
  const from = Math.max(0, i - WINDOW);
  const before = text.slice(from, i);
  const start = from + before.search(/\S*$/u);
  const after = text.slice(i, i + WINDOW);
  const end = after.search(/\s|$/u);
  return text.slice(start, i + end);
}

/** One or two letters and a period: the next part of a dotted abbreviation (the `D.` of Ph.D.). */
const DOTTED_NEXT = /^\p{L}{1,2}\./u;

/** True when the period at `i` belongs to an abbreviation, an initial or an ellipsis. */
function isAbbreviationPeriod(text: string, i: number): boolean {
  if (text[i - 1] === ".") return true; // ellipsis written as dots
  const word = WORD_BEFORE.exec(text.slice(Math.max(0, i - WINDOW), i))?.[0] ?? "";
  if (ENDING_ABBREVIATIONS.has(word)) return false;
  if (ABBREVIATIONS.has(word) || DOTTED.test(word) || INITIAL.test(word)) return true;
  const lastPart = word.slice(word.lastIndexOf(".") + 1);
  return lastPart.length <= 2 && DOTTED_NEXT.test(text.slice(i + 1, i + 1 + WINDOW)); // Ph.|D.
}

/**
 * True when the glued period at `i` sits inside a name: a site (`Amazon.Com`, `amazon.com`) or a
 * variant letter (`Zafi.D`). A capitalized domain after a lowercase word (`analysts.Net traffic`)
 * is the next sentence: a site name is written all lowercase or with its own capital.
 */
function isInsideName(text: string, i: number): boolean {
  const after = text.slice(i + 1, i + 1 + WINDOW);
  if (VARIANT_LETTER.test(after)) return true;
  if (!DOMAIN_AFTER.test(after)) return false;
  return !CAPITALIZED_DOMAIN.test(after) || CAPITALIZED_NAME.test(text.slice(Math.max(0, i - WINDOW), i));
}

/** True when the punctuation at `i` must not end a paragraph (addresses hold `.` and `?` too). */
export function isProtected(text: string, i: number): boolean {
  if (ADDRESS.test(tokenAround(text, i))) return true;
  return text[i] === "." && (isAbbreviationPeriod(text, i) || isInsideName(text, i));
}
