import { createHash } from "node:crypto";

/**
 * Hash of a file's bytes, as the catalog, the cache and the up-to-date stamp compare them. In a
 * module of its own so the stamp check can use it without loading the pipeline.
 */
export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha1").update(bytes).digest("base64url");
}
