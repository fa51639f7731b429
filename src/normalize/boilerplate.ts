/**
 * Paragraphs a web page appends after the story. Each pattern is anchored at the paragraph start
 * (and most at its end) so a sentence of copy that merely mentions "comments" is not taken.
 * Apostrophes are matched straight or curly, since quotes may not be repaired yet.
 */
const BOILERPLATE: readonly RegExp[] = [
  // newsletter sign-ups
  /^free news delivery by e-?mail\.?$/i,
  /^would you like to have the day['’]s news (stories )?delivered/i,
  /^sign up for (our|the)\b.*\bnewsletters?\b/i,
  /^subscribe to\b.{0,80}$/i,
  // comment forms
  /^leave a (reply|comment)\.?$/i,
  /^your email address will not be published\b/i,
  /^required fields are marked\b/i,
  /^post a comment\.?$/i,
  /^comments?( \(\d+\))?:?$/i,
  // share prompts (WordPress's "Like this:" block ends with "Like Loading...")
  /^share this( story| article| post)?:?$/i,
  /^share on (facebook|twitter|x|linkedin|whatsapp|reddit|email)\b.{0,40}$/i,
  /^click to (share|email|print)\b.{0,60}$/i,
  /^tweet$/i,
  /^like this:?$/i,
  /^like loading\b/i,
  /^related( stories| articles| posts)?:?$/i,
];

/** Longer than this, a paragraph is copy, whatever it starts with. */
const MAX_BOILERPLATE_LENGTH = 300;

/** True when a paragraph is a known piece of web boilerplate. */
export function isBoilerplate(paragraph: string): boolean {
  const p = paragraph.trim();
  return p.length <= MAX_BOILERPLATE_LENGTH && BOILERPLATE.some((re) => re.test(p));
}

/**
 * Removes newsletter sign-ups, comment forms and share prompts from the END of a story, walking
 * backwards while paragraphs match; copy in the middle is never touched.
 *
 * @example stripBoilerplate(["Copy.", "Leave a Reply"]) // { paragraphs: ["Copy."], removed: ["Leave a Reply"] }
 */
export function stripBoilerplate(paragraphs: string[]): { paragraphs: string[]; removed: string[] } {
  let end = paragraphs.length;
  while (end > 0 && isBoilerplate(paragraphs[end - 1] ?? "")) end--;
  return { paragraphs: paragraphs.slice(0, end), removed: paragraphs.slice(end) };
}
