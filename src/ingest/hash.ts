import { createHash } from "node:crypto";

/**
 * Hash of a file's bytes, as the catalog and the build record compare them. In a module of its
 * own so the up-to-date check can use it without loading the pipeline.
 */
export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha1").update(bytes).digest("base64url");
}
