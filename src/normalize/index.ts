/** Pure text normalization: typography, paragraphs, boilerplate, dateline, copyright, bodies. */
export { cleanText, collapseInline, forbiddenFindings, normalizeChars } from "./text.js";
export { restoreParagraphs, splitParagraphs } from "./paragraphs.js";
export { doubleQuoteRole, isDoubleQuote, quoteBalance, repairQuotes } from "./quotes.js";
export { isBoilerplate, stripBoilerplate } from "./boilerplate.js";
export { datelineDate, extractDateline, type DatelineDate } from "./dateline.js";
export { extractCopyright } from "./copyright.js";
export { parseRaw, type RawStory } from "./raw.js";
export { paragraphsToHtml, renderMarkdown, renderMarkdownChecked } from "./body.js";
export { firstParagraphText, htmlToPlainText } from "./plain-text.js";
export { removalFindings, sanitizeBodyHtml, type Removal } from "./sanitize.js";
