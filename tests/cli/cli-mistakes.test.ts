/**
 * The first mistakes a newcomer makes, through the compiled CLI as a user runs it: each gets one
 * line on stderr, naming what is wrong and where, and exit code 2; never an errno or a stack.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTree, storyText } from "../support/tree.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const NOW = "2026-11-24T12:00:00Z";

/** Runs the CLI; a run that does not end within 20 s (a watcher left alive) is killed: status null. */
function wirefeed(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exactly one line on stderr, exit code 2. */
function expectOneLine(r: ReturnType<typeof wirefeed>, line: string): void {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: `${line}\n` });
}

describe("a stories folder that does not exist", () => {
  it("build and check say so in one line and exit 2", () => {
    const cwd = makeTree({ "stories/a.md": storyText() });
    const line = "wirefeed: the stories folder nowhere does not exist; create it, or give another with --stories";
    expectOneLine(wirefeed(cwd, "build", "--stories", "nowhere", "--now", NOW), line);
    expectOneLine(wirefeed(cwd, "check", "--stories", "nowhere"), line);
    expect(existsSync(join(cwd, "output"))).toBe(false);
  });
  it("names it as given when it lies outside the working folder, and the default one too", () => {
    const outside = join(makeTree({}), "gone");
    expectOneLine(wirefeed(makeTree({}), "build", "--stories", outside),
      `wirefeed: the stories folder ${outside} does not exist; create it, or give another with --stories`);
    // `npx wirefeed build` in an empty folder: the default stories/ is missing.
    expectOneLine(wirefeed(makeTree({}), "build"), "wirefeed: the stories folder stories does not exist; create it, or give another with --stories");
  });
  it("a file given as the stories folder", () => {
    const cwd = makeTree({ "notes.md": storyText() });
    expectOneLine(wirefeed(cwd, "check", "--stories", "notes.md"),
      "wirefeed: the stories folder notes.md is a file, not a folder; give the folder with --stories");
  });
});

describe("an output folder that cannot be written", () => {
  // Tests may run as root, whom a read-only mode does not stop: a file in the way stops anyone.
  it("build: a folder under a regular file, or a file where the folder should be", () => {
    const cwd = makeTree({ "stories/a.md": storyText(), "report.txt": "not a folder\n" });
    expectOneLine(wirefeed(cwd, "build", "--out", "report.txt/feeds", "--now", NOW),
      "wirefeed: cannot write to the output folder report.txt/feeds: report.txt is a file, not a folder");
    expectOneLine(wirefeed(cwd, "build", "--out", "report.txt", "--now", NOW),
      "wirefeed: cannot write to the output folder report.txt: report.txt is a file, not a folder");
  });
  it("watch says so and exits instead of watching", () => {
    const cwd = makeTree({ "stories/a.md": storyText(), "report.txt": "not a folder\n" });
    expectOneLine(wirefeed(cwd, "watch", "--out", "report.txt/feeds"),
      "wirefeed: cannot write to the output folder report.txt/feeds: report.txt is a file, not a folder");
  });
});

describe("a port already in use", () => {
  let holder: Server;
  let port: number;
  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((ok) => holder.listen(0, "127.0.0.1", ok));
    port = (holder.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((done) => holder.close(() => done())));
  const line = () => `wirefeed: port ${port} is already in use on 127.0.0.1; stop what holds it, or choose another with --port (0: any free one)`;

  it("serve", () => {
    const cwd = makeTree({ "output/rss.xml": "<rss/>\n" });
    expectOneLine(wirefeed(cwd, "serve", "--port", String(port)), line());
  });
  it("watch --serve exits before building, so a second `npm start` leaves the first one's folder alone", () => {
    const cwd = makeTree({ "stories/a.md": storyText() });
    const r = wirefeed(cwd, "watch", "--serve", "--port", String(port));
    expectOneLine(r, line());
    expect(r.stdout).toBe("");
    expect(existsSync(join(cwd, "output"))).toBe(false);
  });
});

describe("a config file that is not JSON", () => {
  it("names the file, line and column, and what the parser expected", () => {
    const cwd = makeTree({ "stories/a.md": storyText(), "wirefeed.config.json": '{\n  "title": "Desk",\n  items: 5\n}\n' });
    const line = "wirefeed: bad config wirefeed.config.json:3:3: not valid JSON: Expected double-quoted property name";
    expectOneLine(wirefeed(cwd, "build", "--now", NOW), line);
    expectOneLine(wirefeed(cwd, "check"), line);
    expect(readdirSync(cwd).sort()).toEqual(["stories", "wirefeed.config.json"]);
  });
  it("points at the place even where the parser's own message does not (an unexpected token)", () => {
    const cwd = makeTree({ "desk/cfg.json": '{\n  "items": 5,\n  "ttl": ,\n  "title": "Desk"\n}\n' });
    expectOneLine(wirefeed(cwd, "check", "--config", "desk/cfg.json"), "wirefeed: bad config desk/cfg.json:3:10: not valid JSON: Unexpected token ','");
  });
  it("a config file named that does not exist", () => {
    const cwd = makeTree({ "stories/a.md": storyText() });
    expectOneLine(wirefeed(realpathSync(cwd), "build", "--config", "desk.json"), "wirefeed: bad config desk.json: the file does not exist");
  });
});
