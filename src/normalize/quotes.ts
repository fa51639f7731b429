/** The three forms a double quote comes in: straight, opening, closing. */
const DOUBLE_QUOTES = new Set(['"', "“", "”"]);

/** True for `"`, `“` and `”`. */
export function isDoubleQuote(ch: string | undefined): boolean {
  return ch !== undefined && DOUBLE_QUOTES.has(ch);
}

/** Characters after which a straight quote opens: start, whitespace, opening brackets, dashes. */
const OPENS_AFTER = /[\s([{\u2014\u2013-]/u;

/** A quote followed by a word character starts quoted text ("”On 27 February" is really “On). */
const WORD_START = /[\p{L}\p{N}]/u;

/** What may end quoted text just before a closing quote: a word or sentence punctuation. */
const QUOTE_ENDS_AFTER = /[\p{L}\p{N}.,!?;:…’'”)\]]/u;

/**
 * Decides whether the double quote at `i` opens or closes, given whether a quote is already open.
 * Straight quotes go by position first; then direction is repaired from the balance: a closing
 * quote with nothing open that runs into a word opens, and an opening quote while one is open
 * that ends a word before a space closes. Otherwise the quote keeps its written direction, so an
 * unbalanced `,” he said` stays closing rather than inventing text.
 */
export function doubleQuoteRole(text: string, i: number, open: boolean): "open" | "close" {
  const ch = text[i];
  const prev = text[i - 1];
  const next = text[i + 1];
  const written = ch === "“" ? "open" : ch === "”" ? "close" : prev === undefined || OPENS_AFTER.test(prev) ? "open" : "close";
  if (written === "close" && !open && next !== undefined && WORD_START.test(next)) return "open";
  const endsQuote = prev !== undefined && QUOTE_ENDS_AFTER.test(prev) && (next === undefined || /\s/.test(next));
  if (written === "open" && open && endsQuote) return "close";
  return written;
}

/** A straight `'` between word characters is an apostrophe: don't, Turkey's, rock'n'roll. */
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}])'(?=[\p{L}\p{N}])/gu;

/** A straight `'` before a decade after a space or start is an elided century: '90s, '20. */
const DECADE_APOSTROPHE = /(?<=^|[\s(])'(?=\d\d(?:s\b|\b))/gu;

/** A straight `'` after space, start, an opening bracket or an opening double quote opens a single quote. */
const OPENING_SINGLE = /(?<=^|[\s([{“\u2014\u2013])'/gu;

/** Turns straight single quotes typographic; what is left after the rules above closes (or is a trailing apostrophe). */
function repairSingles(p: string): string {
  if (!p.includes("'")) return p;
  return p
    .replace(INNER_APOSTROPHE, "’")
    .replace(DECADE_APOSTROPHE, "’")
    .replace(OPENING_SINGLE, "‘")
    .replace(/'/g, "’"); // every remaining straight single quote closes or ends a word (the Smiths')
}

/** Walks the double quotes left to right, giving each its direction from position and balance. */
function repairDoubles(p: string): string {
  let open = false;
  let out = "";
  let from = 0;
  // Jump from quote to quote; the text between them is copied whole.
  for (let i = nextDoubleQuote(p, 0); i !== -1; i = nextDoubleQuote(p, i + 1)) {
    const role = doubleQuoteRole(p, i, open);
    out += p.slice(from, i) + (role === "open" ? "“" : "”");
    from = i + 1;
    open = role === "open";
  }
  return from === 0 ? p : out + p.slice(from);
}

const DOUBLE_QUOTE = /["“”]/g;

function nextDoubleQuote(p: string, from: number): number {
  DOUBLE_QUOTE.lastIndex = from;
  return DOUBLE_QUOTE.exec(p)?.index ?? -1;
}

/**
 * Makes a paragraph's quotes typographic and repairs their direction from the balance.
 * Straight quotes become “ ” ‘ ’ by position; apostrophes become ’ (don't, Turkey's, '90s).
 * A paragraph starting with a closing ” before a word gets an opening “.
 *
 * @example repairQuotes(`”We had a meeting,” he said. "Yes." It's late.`)
 *   // `“We had a meeting,” he said. “Yes.” It’s late.`
 */
export function repairQuotes(paragraph: string): string {
  return repairDoubles(repairSingles(paragraph));
}

/**
 * Opening minus closing typographic double quotes: 0 when balanced, positive when a quote is left
 * open (normal for a quote continuing into the next paragraph), negative when a close has no open.
 */
export function quoteBalance(paragraph: string): number {
  let balance = 0;
  for (const ch of paragraph) {
    if (ch === "“") balance++;
    else if (ch === "”") balance--;
  }
  return balance;
}
