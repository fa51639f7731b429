/**
 * A copyright notice running to the end of a paragraph. It starts the paragraph or follows a
 * sentence end, even glued (`Europe.Copyright © 2020, …`). The word "Copyright" alone needs a
 * year or a © after it, so copy like `Copyright claims were filed.` is not a notice; `(c)`
 * needs a year. Groups: 1 the notice, 2 the holder.
 */
const NOTICE =
  /(?:^|(?<=[.!?”’"]\s*))((?:Copyright\s*(?:©|\(c\)|(?=\d))|©|\(c\)\s*(?=\d))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(\S.{0,80}?)(?:\.?\s*All rights reserved\.?|\.)?)\s*$/iu;

/** Longer than this, a text is not one notice (the holder is at most 81 characters). */
const MAX_NOTICE = 200;

/** True when `text` is a copyright notice from its start to its end (`Copyright © 2005, BBC.`). */
export function isNoticeAt(text: string): boolean {
  return text.length <= MAX_NOTICE && NOTICE.exec(text)?.index === 0;
}

/** A holder ends at the notice's period; a period inside ("Co. Ltd") stays. */
function tidyHolder(holder: string): string {
  return holder.replace(/[\s.,]+$/u, "");
}

/**
 * Finds the copyright notice at the end of a paragraph, searching from the last paragraph
 * backwards, and removes it from the text (a paragraph that was only the notice is dropped).
 * `holder` is the agency without year and without "All rights reserved".
 *
 * @example extractCopyright(["…reach Europe.Copyright © 2020, ABC Audio. All rights reserved."])
 *   // { paragraphs: ["…reach Europe."], copyright: "Copyright © 2020, ABC Audio. All rights reserved.", holder: "ABC Audio" }
 */
export function extractCopyright(paragraphs: string[]): { paragraphs: string[]; copyright?: string; holder?: string } {
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    const p = paragraphs[i] ?? "";
    const m = NOTICE.exec(p);
    if (m === null) continue;
    const before = p.slice(0, m.index).trimEnd();
    const kept = [...paragraphs.slice(0, i), ...(before === "" ? [] : [before]), ...paragraphs.slice(i + 1)];
    return { paragraphs: kept, copyright: (m[1] ?? "").trim(), holder: tidyHolder(m[2] ?? "") };
  }
  return { paragraphs };
}
