/**
 * What one story file may hold. Past a limit the file is refused with the rule named here,
 * before any costly work, so no file can make a build slow or large: a story's longest paragraph
 * is a few thousand characters and its front matter one or two kilobytes.
 */
export const PARSE_LIMITS = {
  /** Characters of front matter: `front-matter-too-large`. */
  frontMatterLength: 64 * 1024,
  /** Values in the front matter, aliases expanded: `front-matter-too-large`. */
  frontMatterValues: 20_000,
  /** Nesting of YAML collections: `front-matter-too-deep`. */
  frontMatterDepth: 16,
  /** YAML aliases (`*name`): `front-matter-aliases`. js-yaml expands none, but a walker would. */
  aliases: 20,
} as const;
