/**
 * The credit line's template language (pure), with the config that names a template: `{field}`
 * for a story's field, text in `[` … `]` only when every field it names has a value (see
 * render/credit.ts for the line itself). Here so config can refuse a bad template.
 */

/** The fields a template may name, as they are spelled in front matter. */
export const CREDIT_FIELDS = ["byline", "credit", "copyright", "usage_terms", "dateline", "pictures"] as const;
export type CreditField = (typeof CREDIT_FIELDS)[number];

/** The template a config without `creditLine` uses. */
export const DEFAULT_CREDIT_LINE = "By {byline} · {credit} · {copyright}[ · {usage_terms}][ · Pictures: {pictures}]";

/** A template part: literal text, a field, or an optional group of both. */
export type CreditPart = { text: string } | { field: CreditField } | { group: CreditPart[] };

/**
 * What is wrong with a template, one message per fault (empty when it is usable): an unknown
 * field, a `{` without `}`, a `[` without `]` or a `]` without `[`, a group inside a group.
 * @example templateProblems("By {author}") // ['unknown field {author}; use {byline}, {credit}, …']
 */
export function templateProblems(template: string): string[] {
  return parseCreditTemplate(template).problems;
}

/** A template cut into its parts, with every fault found. */
export function parseCreditTemplate(template: string): { parts: CreditPart[]; problems: string[] } {
  const problems: string[] = [];
  const top: CreditPart[] = [];
  let group: CreditPart[] | undefined;
  let text = "";
  const flush = () => {
    if (text) (group ?? top).push({ text });
    text = "";
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === "{") {
      const end = template.indexOf("}", i);
      if (end < 0) {
        problems.push(`"{" at ${i + 1} has no "}"`);
        break;
      }
      const name = template.slice(i + 1, end);
      if ((CREDIT_FIELDS as readonly string[]).includes(name)) {
        flush();
        (group ?? top).push({ field: name as CreditField });
      } else problems.push(`unknown field {${name}}; use ${CREDIT_FIELDS.map((f) => `{${f}}`).join(", ")}`);
      i = end;
    } else if (c === "[") {
      if (group) problems.push(`"[" at ${i + 1} inside a group; groups do not nest`);
      else {
        flush();
        group = [];
      }
    } else if (c === "]") {
      if (!group) problems.push(`"]" at ${i + 1} closes no "["`);
      else {
        flush();
        top.push({ group });
        group = undefined;
      }
    } else text += c;
  }
  if (group) problems.push(`a "[" has no "]"`);
  flush();
  return { parts: top, problems };
}
