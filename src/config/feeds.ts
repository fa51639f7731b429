/**
 * The config's `feeds` list: feeds config defines, each a folder, titles and a filter. Here, with
 * every other schema, so the planner depends on config and config on nothing that plans.
 */
import { z } from "zod";

/** Folders inside the output folder that wirefeed owns whole: what is there and not planned is removed. */
export const OWNED_FOLDERS = ["categories", "archive"] as const;

const SEGMENT = "[a-z0-9]+(?:[-_][a-z0-9]+)*";
const FEED_PATH = new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`);

/** One feed config defines: a folder, titles, and which stories it holds. */
export const feedSchema = z
  .object({
    path: z.string().regex(FEED_PATH, "a folder such as world-agencies or partners/world: lowercase letters, digits, - and _, separated by /")
      .refine((p) => !OWNED_FOLDERS.some((f) => p === f || p.startsWith(`${f}/`)), "categories/ and archive/ are wirefeed's own folders")
      .describe("Folder inside the output folder for rss.xml, atom.xml and feed.json"),
    title: z.string().min(1).describe("Feed title"),
    description: z.string().optional().describe("Feed description; default: the configured one"),
    filter: z.object({
      categories: z.array(z.string().min(1)).min(1).optional().describe("Stories with any of these categories (case ignored)"),
      credits: z.array(z.string().min(1)).min(1).optional().describe("Stories credited to any of these agencies (case ignored)"),
      language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "a BCP 47 tag such as en or en-GB").optional()
        .describe("Stories in this language or a sub-tag of it (en takes en-GB); a story without one has the feed's"),
    }).strict().default({}).describe("Which stories the feed holds; every condition given must hold"),
  })
  .strict();

/** The config's `feeds` list: each path used once. */
export const feedsSchema = z.array(feedSchema)
  .refine((feeds) => new Set(feeds.map((f) => f.path)).size === feeds.length, "each feed needs its own path");

export type FeedConfig = z.output<typeof feedSchema>;
