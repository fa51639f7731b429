import { doubleQuoteRole, isDoubleQuote } from "./quotes.js";

/** Abbreviations that end in a period but do not end a sentence (case as usually written). */
const ABBREVIATIONS = new Set([
  "Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Rep", "Gov", "Gen", "Col", "Lt", "Sgt", "Capt", "Maj",
  "Adm", "Cmdr", "Prof", "Rev", "Hon", "Pres", "Supt", "Jr", "Sr", "Inc", "Ltd", "Co", "Corp",
  "Bros", "Dept", "Univ", "Assn", "Ave", "Blvd", "Rd", "Mt", "Ft", "vs", "etc", "approx",
  "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
]);

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

/**
 * How far the checks below look around a period. They only need the word or address it sits in;
 * looking at all the text before it made a long paragraph cost quadratic time (a 400,000-character
 * paragraph took 12 s).
 */
const WINDOW = 500;

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
  if (ABBREVIATIONS.has(word) || DOTTED.test(word) || INITIAL.test(word)) return true;
  const lastPart = word.slice(word.lastIndexOf(".") + 1);
  return lastPart.length <= 2 && DOTTED_NEXT.test(text.slice(i + 1, i + 1 + WINDOW)); // Ph.|D.
}

/** True when the punctuation at `i` must not end a paragraph (addresses hold `.` and `?` too). */
function isProtected(text: string, i: number): boolean {
  if (ADDRESS.test(tokenAround(text, i))) return true;
  return text[i] === "." && (isAbbreviationPeriod(text, i) || DOMAIN_AFTER.test(text.slice(i + 1, i + 1 + WINDOW)));
}

/** Quotes that may follow sentence punctuation before the next paragraph begins. */
const QUOTE_CHARS = /["“”'‘’]/u;

/** A paragraph begins with a capital letter; after an opening quote a number may begin it too. */
const STARTS_PARAGRAPH = /\p{Lu}/u;
const STARTS_QUOTED = /[\p{Lu}\p{N}]/u;

/**
 * Where a new paragraph begins after the sentence punctuation at `i`, or -1.
 * Quotes right after the punctuation are walked: a closing one stays with the sentence, an
 * opening one (judged by balance, so `wounded.”On` opens) begins the next paragraph.
 */
function breakAfter(text: string, i: number, open: boolean): number {
  let j = i + 1;
  while (j < text.length && QUOTE_CHARS.test(text[j] ?? "")) {
    const ch = text[j];
    const opens = isDoubleQuote(ch) ? doubleQuoteRole(text, j, open) === "open" : ch === "‘";
    if (opens) return STARTS_QUOTED.test(text[j + 1] ?? "") ? j : -1;
    if (isDoubleQuote(ch)) open = false;
    j++;
  }
  return STARTS_PARAGRAPH.test(text[j] ?? "") ? j : -1;
}

/**
 * Splits one paragraph where a paragraph break was lost, i.e. where sentence punctuation
 * (optionally with closing quotes) runs straight into a capital letter or an opening quote:
 * `civil war.Turkey has said` → [`civil war.`, `Turkey has said`]. Abbreviations (U.N., Sen.,
 * Ph.D., initials), decimals, times, URLs, e-mail addresses, domains and ellipses are kept whole.
 *
 * @example restoreParagraphs(`the air.””We had`) // [`the air.”`, `”We had`]
 */
export function restoreParagraphs(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let open = false; // is a double quote open in the current paragraph?
  // Only quotes and sentence punctuation matter: jump from one to the next.
  const marks = /["“”.!?]/g;
  for (let m = marks.exec(text); m !== null; m = marks.exec(text)) {
    const i = m.index;
    if (isDoubleQuote(text[i])) {
      open = doubleQuoteRole(text, i, open) === "open";
      continue;
    }
    const cut = breakAfter(text, i, open);
    if (cut < 0 || isProtected(text, i)) continue;
    out.push(text.slice(start, cut));
    start = cut;
    open = false; // each paragraph's quotes are judged on their own, as repairQuotes does
    marks.lastIndex = cut;
  }
  out.push(text.slice(start));
  return out.map((p) => p.trim()).filter((p) => p !== "");
}

/** A blank line (possibly holding spaces) separates paragraphs. */
const BLANK_LINE = /\n[ \t]*\n/;

/**
 * Splits text into paragraphs at blank lines; lines inside a paragraph are joined with a space
 * (wire copy is often hard-wrapped), and each paragraph then goes through {@link restoreParagraphs}.
 *
 * @example splitParagraphs("One.\n\nTwo.Three") // ["One.", "Two.", "Three"]
 */
export function splitParagraphs(text: string): string[] {
  return text
    .split(BLANK_LINE)
    .map((p) => p.replace(/\s*\n\s*/g, " ").trim()) // hard wraps are not breaks
    .filter((p) => p !== "")
    .flatMap(restoreParagraphs);
}
