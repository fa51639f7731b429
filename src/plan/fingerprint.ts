/** A feed's fingerprint (pure): equal fingerprints give byte-identical files, so an unchanged feed is not rendered again. */
import { createHash } from "node:crypto";
import { canonicalJson } from "../model/canonical.js";
import type { FeedPlan } from "../model/feed.js";
import type { Story } from "../model/story.js";

/**
 * A story's part of a feed's fingerprint: the hash of everything but its rendered body (which its
 * `bodyHash` stands for), by its values alone (see `canonicalJson`): a story made by the parser,
 * read back from the build record or given a correction is the same story whatever order its
 * properties were added in. Stories are not changed once made, so each is hashed once: a watcher's
 * rebuild fingerprints every archive page without serializing ten thousand stories again, and
 * the build cache keeps the keys, so a fresh process does not either.
 */
const keys = new WeakMap<Story, string>();

export function storyKey(story: Story): string {
  let key = keys.get(story);
  if (key === undefined) {
    // `bodyOffset` is where the body was found, not what is published: front matter respaced is the same story.
    const { contentHtml: _body, bodyOffset: _at, ...meta } = story;
    key = createHash("sha1").update(canonicalJson(meta)).digest("base64url");
    keys.set(story, key);
  }
  return key;
}

/** Records a story's key as an earlier process computed it (the cache's copy of `storyKey`). */
export function rememberStoryKey(story: Story, key: string): void {
  keys.set(story, key);
}

/**
 * A fingerprint of everything a feed's files are made from, bodies included by hash: equal
 * fingerprints give byte-identical files, so the feed need not be rendered again.
 */
export function fingerprint(plan: FeedPlan): string {
  const items = plan.doc.items.map(storyKey);
  return createHash("sha1").update(canonicalJson({ ...plan, doc: { ...plan.doc, items } })).digest("base64url");
}
