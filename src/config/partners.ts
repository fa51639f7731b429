import { z } from "zod";

/**
 * One partner in config: who may read which feeds. The token itself is never stored, only its
 * SHA-256, so a leaked config file does not leak access (print it with `wirefeed hash-token`).
 */
export const partnerSchema = z
  .object({
    name: z.string().min(1).describe("Partner name, as written in the fetch log"),
    tokenSha256: z.string().regex(/^[0-9a-fA-F]{64}$/, "64 hex digits: the SHA-256 of the token (wirefeed hash-token <token>)")
      .transform((hex) => hex.toLowerCase())
      .describe("SHA-256 of the partner's token, in hex; the token itself is never stored"),
    feeds: z.array(z.string().min(1)).min(1)
      .describe('Paths the partner may read, relative to the output folder: exact ("rss.xml") or globs ("categories/world/*", "**")'),
    revoked: z.boolean().optional().describe("true turns the partner away (401) without deleting the entry"),
  })
  .strict();

/** A partner as config gives it (token hash in lowercase hex). */
export type Partner = z.output<typeof partnerSchema>;
