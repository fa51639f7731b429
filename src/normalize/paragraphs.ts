import { doubleQuoteRole, isDoubleQuote } from "./quotes.js";

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
function isProtected(text: string, i: number): boolean {
  if (ADDRESS.test(tokenAround(text, i))) return true;
  return text[i] === "." && (isAbbreviationPeriod(text, i) || isInsideName(text, i));
}

/** Quotes that may follow sentence punctuation before the next paragraph begins. */
const QUOTE_CHARS = /["“”'‘’]/u;

/** A paragraph begins with a capital letter; after an opening quote a number may begin it too. */
const STARTS_PARAGRAPH = /\p{Lu}/u;
const STARTS_QUOTED = /[\p{Lu}\p{N}]/u;

/**
 * Words of someone speaking: first and second person, and contractions (`don’t`, `it’s`,
 * `we’re`). A sub-editor knows news narration is third person and uncontracted, so text
 * holding them outside quotes is a quote whose marks were lost.
 */
const VOICE = new RegExp(String.raw`(?<![\p{L}\p{N}’'])(?:` +
  String.raw`I|I[’'](?:m|ve|d|ll)|me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourself|yourselves` +
  String.raw`|\p{L}+n[’']t|(?:it|he|she|that|there|what|here|who|let)[’']s|\p{L}+[’'](?:re|ve|ll|m)` +
  String.raw`)(?![\p{L}\p{N}])`, "u");

/** A capitalized word starting a sentence (`We have`), lowercased so VOICE knows it; `US` and `I` stay. */
const SENTENCE_START = /(^|[.!?]["”’]?\s+)(\p{Lu})(?=\p{Ll})/gu;

/** True when `text` has words of someone speaking (see VOICE). */
function speaks(text: string): boolean {
  return VOICE.test(text.replace(SENTENCE_START, (_m, before: string, capital: string) => before + capital.toLowerCase()));
}

/** The first word of each sentence, whose capital says nothing about names (so `Okafor joined` is missed). */
const FIRST_WORD = /(^|[.!?]["”’]?\s+)[\p{L}\p{N}’'-]+/gu;

/** A capital inside a sentence, other than the pronoun I: a person, a place, an organization. */
const NAME = /(?<![\p{L}\p{N}’'])(?!I(?![\p{L}]))\p{Lu}/u;

/**
 * True when `text` names someone or somewhere. A sub-editor knows news narration names who and
 * where; a passage that names no one, where a quote may run on, is the speaker still talking.
 */
function namesSomeone(text: string): boolean {
  return NAME.test(text.replace(FIRST_WORD, "$1"));
}

/** An opening quote after a sentence end: `tools. “For`, or glued at a lost break, `tools.“For`. */
const AFTER_SENTENCE = /[.!?…]["”’]?\s*$/u;

/** How far {@link reopensQuote} reads ahead: a few paragraphs' worth. */
const READ_AHEAD = 4 * WINDOW;

/** Sentence punctuation, and the double quotes; each sentence end glued to a capital is a candidate break. */
const READ_MARKS = /["“”]|[.!?](?=\p{Lu})/gu;

/**
 * The `”` at `q` follows a sentence end, a quote is open, and a word is glued after it
 * (`play in.”It’s`). Either the quote closes and a plain paragraph follows, or the quote runs on
 * and the next paragraph reopens it: in English a quote that continues into a new paragraph ends
 * the first without a closing mark and opens the next with an opening one, which the lost break
 * turned into this `”`. Reading on as if it reopened, a sub-editor decides:
 * - a closing quote comes before any opening one (`here,” he added`): it reopened;
 * - a lost paragraph break comes first, with no quote opening the next paragraph: it closed, since
 *   a quote that ran on would be reopened there;
 * - the text ends first: it closed, for the same reason;
 * - an opening quote comes first: it closed, unless that quote follows a sentence end (the quote
 *   running on again, `tools. “For`) and the passage read so far speaks (see VOICE), or names no
 *   one (see namesSomeone) while the new quote names no speaker (see namesItsSpeaker); the same
 *   test decides when the next quote is another glued one or nothing is found within READ_AHEAD.
 */
function reopensQuote(text: string, q: number): boolean {
  const end = q + 1 + READ_AHEAD;
  READ_MARKS.lastIndex = q + 1;
  let stop = -1;
  for (let m = READ_MARKS.exec(text); m !== null && m.index < end; m = READ_MARKS.exec(text)) {
    const k = m.index;
    if (!isDoubleQuote(text[k])) {
      if (!isProtected(text, k)) return false;
      continue;
    }
    const role = doubleQuoteRole(text, k, true);
    if (role === "close" && !STARTS_QUOTED.test(text[k + 1] ?? "")) return true;
    if (role === "open" && !AFTER_SENTENCE.test(text.slice(Math.max(q + 1, k - 4), k))) return false;
    stop = k;
    break;
  }
  // The text ends with nothing reopened or closed: a quote running on would have closed there.
  if (stop < 0 && end >= text.length) return false;
  const passage = text.slice(q + 1, stop < 0 ? end : stop);
  if (speaks(passage)) return true;
  return !(stop >= 0 && namesItsSpeaker(text, stop)) && !namesSomeone(passage);
}

/** A quote's end with the reporting clause after it: `argument,” explained`, `he?” she asked`. */
const CLOSES_INTO_CLAUSE = /^[^"“”]*?[,?!]["”]\s+\p{Ll}/u;

/**
 * True when the quote opening at `k` ends into a reporting clause (`,” said Mr Hopkins`). A
 * sub-editor knows a new quote names its speaker, while a quote that runs on needs not.
 */
function namesItsSpeaker(text: string, k: number): boolean {
  return CLOSES_INTO_CLAUSE.test(text.slice(k + 1, k + 1 + READ_AHEAD));
}

/**
 * Where a new paragraph begins after the sentence punctuation at `i`, or -1.
 * Quotes right after the punctuation are walked: a closing one stays with the sentence, an
 * opening one (judged by balance, so `wounded.”On` opens) begins the next paragraph, and so does
 * a closing one glued to a word that really reopens a quote running on (see {@link reopensQuote}).
 */
function breakAfter(text: string, i: number, open: boolean): number {
  let j = i + 1;
  while (j < text.length && QUOTE_CHARS.test(text[j] ?? "")) {
    const ch = text[j];
    const opens = isDoubleQuote(ch) ? doubleQuoteRole(text, j, open) === "open" : ch === "‘";
    if (opens) return STARTS_QUOTED.test(text[j + 1] ?? "") ? j : -1;
    if (isDoubleQuote(ch) && open && STARTS_QUOTED.test(text[j + 1] ?? "") && reopensQuote(text, j)) return j;
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
