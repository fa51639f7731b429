import { describe, expect, it } from "vitest";
import { storyFromBytes } from "../../src/normalize/from-bytes.js";
import { storyText } from "../support/tree.js";
import { testConfig } from "../support/config.js";

const config = testConfig({ publisher: "Example Desk" });

const storyOf = (text: string) => storyFromBytes("s.md", Buffer.from(text), new Date(0), config, true).story!;

describe("assembling a story, as a sub-editor would", () => {
  it("drops the byline word of the story's own language only", () => {
    expect(storyOf(storyText({ byline: '"By Amira Haddad"' })).byline).toEqual(["Amira Haddad"]);
    expect(storyOf(storyText({ byline: '"Von Lea Brunner"', language: "de" })).byline).toEqual(["Lea Brunner"]);
    expect(storyOf(storyText({ byline: '"Par Élodie Martin"', language: "fr" })).byline).toEqual(["Élodie Martin"]);
    // In English copy "Von" is a name.
    expect(storyOf(storyText({ byline: '"Von Trapp"' })).byline).toEqual(["Von Trapp"]);
  });
  it("takes the dateline from the copy when the front matter has none, and prefers the field", () => {
    const body = "BOSTON — A booster kept protection high, researchers said.\n";
    expect(storyOf(storyText({}, body)).dateline).toBe("BOSTON");
    expect(storyOf(storyText({ dateline: "CAMBRIDGE" }, body)).dateline).toBe("CAMBRIDGE");
    expect(storyOf(storyText({}, "A booster kept protection high — researchers said.\n")).dateline).toBeUndefined();
  });
  it("trims categories, drops blanks and duplicates ignoring case (the first spelling kept), and leaves their quotes as written", () => {
    const categories = `["  World ", world, "Côte d'Ivoire", WORLD, " ", "Sport\\t  Desk", "sport desk", 'He said "go"']`;
    expect(storyOf(storyText({ categories })).categories).toEqual(["World", "Côte d'Ivoire", "Sport Desk", 'He said "go"']);
  });
});
