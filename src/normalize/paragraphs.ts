import { isNoticeAt } from "./copyright.js";
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

/** The first word of each sentence, whose capital says nothing by itself about names. */
const FIRST_WORD = /(^|[.!?]["”’]?\s+)([\p{L}\p{N}’'-]+)/gu;

/** A capital inside a sentence, other than the pronoun I: a person, a place, an organization. */
const NAME = /(?<![\p{L}\p{N}’'])(?!I(?![\p{L}]))\p{Lu}/u;

/**
 * Words, and capitalized words inside a sentence (after a word or a comma and a space, so not
 * after a quote, colon or dash either); `’s` and other endings after `’` are left out.
 */
const WORD = /[\p{L}\p{N}]+/gu;
const INNER_CAPITALIZED = /(?<=[\p{L}\p{N},;]\s)\p{Lu}[\p{L}\p{N}]*/gu;

/**
 * The words `text` always writes with a capital and writes at least once inside a sentence:
 * `Venezuela`, `Mr`, but not `The` (which also appears as `the`). A sub-editor knows a word that
 * opens a sentence is a name when the story spells it so everywhere.
 */
function storyNames(text: string): Set<string> {
  const lower = new Set<string>();
  for (const [w] of text.matchAll(WORD)) if (w[0] !== w[0]!.toUpperCase()) lower.add(w);
  const names = new Set<string>();
  for (const [w] of text.matchAll(INNER_CAPITALIZED)) if (!lower.has(w.toLowerCase())) names.add(w);
  return names;
}

/**
 * True when `passage` names someone or somewhere: a capital inside a sentence, or a sentence
 * opening with one of the story's names. A sub-editor knows news narration names who and where;
 * a passage that names no one, where a quote may run on, is the speaker still talking.
 */
function namesSomeone(passage: string, names: () => ReadonlySet<string>): boolean {
  let opening = false;
  const inside = passage.replace(FIRST_WORD, (_m, before: string, word: string) => {
    opening ||= names().has(word.split(/[’']/u)[0] ?? "");
    return before;
  });
  return opening || NAME.test(inside);
}

/** An opening quote after a sentence end: `tools. “For`, or glued at a lost break, `tools.“For`. */
const AFTER_SENTENCE = /[.!?…]["”’]?\s*$/u;

/** How far {@link readOn} reads ahead: a few paragraphs' worth. */
const READ_AHEAD = 4 * WINDOW;

/** Sentence punctuation, and the double quotes; each sentence end glued to a capital is a candidate break. */
const READ_MARKS = /["“”]|[.!?](?=\p{Lu})/gu;

/**
 * What comes first after the glued quote at `q` (`end.”Word`), reading it as opening a quote:
 * - `close`: a closing quote (`here,” he added`), so the text after `q` was speech;
 * - `break`: a lost paragraph break with no quote opening the next paragraph, which says nothing
 *   was open, since a quote that ran on would be reopened there; `end`: the end of the text, which
 *   says the same unless a blank line follows, before a paragraph reopening the quote;
 * - `inside`: an opening quote inside a sentence (`called it “a fine day”`), which could not
 *   open while a quote already was, so none was;
 * - `runs-on`: an opening quote after a sentence end (`tools. “For`, the quote running on, or a
 *   new one), or `glued`: another glued quote, or `far`: nothing within READ_AHEAD; these
 *   leave it to the passage read (`text.slice(q + 1, stop)`).
 */
type ReadOn = { kind: "close" | "break" | "end" | "inside" } | { kind: "runs-on" | "glued" | "far"; stop: number };

function readOn(text: string, q: number): ReadOn {
  const end = q + 1 + READ_AHEAD;
  READ_MARKS.lastIndex = q + 1;
  for (let m = READ_MARKS.exec(text); m !== null && m.index < end; m = READ_MARKS.exec(text)) {
    const k = m.index;
    if (!isDoubleQuote(text[k])) {
      if (!isProtected(text, k)) return { kind: "break" };
      continue;
    }
    const role = doubleQuoteRole(text, k, true);
    if (role === "close") return STARTS_QUOTED.test(text[k + 1] ?? "") ? { kind: "glued", stop: k } : { kind: "close" };
    return AFTER_SENTENCE.test(text.slice(Math.max(q + 1, k - 4), k)) ? { kind: "runs-on", stop: k } : { kind: "inside" };
  }
  return end >= text.length ? { kind: "end" } : { kind: "far", stop: end };
}

/**
 * The `”` at `q` follows a sentence end, a quote is open, and a word is glued after it
 * (`play in.”It’s`). Either the quote closes and a plain paragraph follows, or the quote runs on
 * and the next paragraph reopens it: in English a quote that continues into a new paragraph ends
 * the first without a closing mark and opens the next with an opening one, which the lost break
 * turned into this `”`. Reading on as if it reopened ({@link readOn}), a sub-editor decides: a
 * closing quote first says it reopened; a lost break or a quote opening inside a sentence say it
 * closed, and so does the end of the text unless what is left speaks (see VOICE); otherwise the
 * passage decides: it reopened if the passage speaks, or names no one (see namesSomeone) while a
 * new quote after it names no speaker (see namesItsSpeaker).
 */
function reopensQuote(text: string, q: number, names: () => ReadonlySet<string>): boolean {
  const next = readOn(text, q);
  if (next.kind === "close") return true;
  // The paragraph ends: closed, unless what is left speaks (a quote may run on past a blank line).
  if (next.kind === "end") return speaks(text.slice(q + 1));
  if (!("stop" in next)) return false;
  const passage = text.slice(q + 1, next.stop);
  if (speaks(passage)) return true;
  return !(next.kind !== "far" && namesItsSpeaker(text, next.stop)) && !namesSomeone(passage, names);
}

/**
 * The `”` at `q` follows a sentence end and nothing is open, so it would open the next paragraph
 * (`wounded.”On 27 February … formations,” the ministry said`). But a sub-editor knows it opens
 * nothing when a lost break comes before any other quote (a quote running on would be reopened
 * there), or when a copyright notice follows (`interact.”Copyright © 2005, …`: nobody quotes
 * one): it is a closing quote whose opening was lost, and stays with its sentence.
 */
function opensQuote(text: string, q: number): boolean {
  // The end of the text says nothing here: the quote may run on past a blank line.
  return !isNoticeAt(text.slice(q + 1)) && readOn(text, q).kind !== "break";
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
 * opening one (judged by balance, so `wounded.”On` opens, see also {@link opensQuote}) begins the
 * next paragraph, and so does a closing one glued to a word that really reopens a quote running
 * on (see {@link reopensQuote}).
 */
function breakAfter(text: string, i: number, open: boolean, names: () => ReadonlySet<string>): number {
  let j = i + 1;
  while (j < text.length && QUOTE_CHARS.test(text[j] ?? "")) {
    const ch = text[j];
    const glued = STARTS_QUOTED.test(text[j + 1] ?? "");
    const role = isDoubleQuote(ch) ? doubleQuoteRole(text, j, open) : undefined;
    const turned = role === "open" && ch !== "“" && !open && glued; // a closing mark read as opening
    const opens = role === undefined ? ch === "‘" : role === "open" && !(turned && !opensQuote(text, j));
    if (opens) return glued ? j : -1;
    if (role === "close" && open && glued && reopensQuote(text, j, names)) return j;
    if (role !== undefined) open = false;
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
  let known: Set<string> | undefined;
  const names = () => (known ??= storyNames(text));
  // Only quotes and sentence punctuation matter: jump from one to the next.
  const marks = /["“”.!?]/g;
  for (let m = marks.exec(text); m !== null; m = marks.exec(text)) {
    const i = m.index;
    if (isDoubleQuote(text[i])) {
      open = doubleQuoteRole(text, i, open) === "open";
      continue;
    }
    const cut = breakAfter(text, i, open, names);
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
