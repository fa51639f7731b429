import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Writes `content` to `path` atomically: a temporary file in the same folder, then a rename, so a
 * reader sees the old bytes or the new, never a mix. Returns false, writing nothing, when the
 * file already holds exactly these bytes. A failed write leaves no temporary file behind.
 */
export async function writeAtomic(path: string, content: string | Uint8Array): Promise<boolean> {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
  const old = await readFile(path).catch(() => undefined);
  if (old && old.equals(bytes)) return false;
  await mkdir(dirname(path), { recursive: true });
  const temp = `${dirname(path)}/.${path.slice(dirname(path).length + 1)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temp, bytes, { flag: "wx" });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return true;
}
