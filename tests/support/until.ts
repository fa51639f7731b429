/**
 * Polls `cond` every `everyMs` until it gives something truthy, which it returns, or fails after
 * `ms` naming `what`. A throw or a rejection counts as "not yet" (a file half written, a server
 * not up).
 */
export async function until<T>(cond: () => T | Promise<T>, ms = 5000, what = "the condition", everyMs = 10): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await Promise.resolve().then(cond).catch(() => undefined);
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
