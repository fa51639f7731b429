import { describe, it, expect } from "vitest";
import { restoreParagraphs, splitParagraphs } from "../src/normalize/paragraphs.js";

describe("restoreParagraphs", () => {
  it("splits where sentence punctuation runs into a capital letter", () => {
    expect(restoreParagraphs("civil war.Turkey has said")).toEqual(["civil war.", "Turkey has said"]);
    expect(restoreParagraphs("the deaths.In recent weeks")).toEqual(["the deaths.", "In recent weeks"]);
    expect(restoreParagraphs("Why?Because! Yes!No")).toEqual(["Why?", "Because! Yes!", "No"]);
  });

  it("splits before an opening quote", () => {
    expect(restoreParagraphs("he said.“We will go,” she said.")).toEqual(["he said.", "“We will go,” she said."]);
  });

  it("keeps a closing quote with its sentence when a quote is open", () => {
    expect(restoreParagraphs("that “they left.”The incident")).toEqual(["that “they left.”", "The incident"]);
  });

  it("reads a closing quote with no open quote as the next paragraph's opening", () => {
    expect(restoreParagraphs("“exhaustive measures” to evacuate its wounded.”On 27 February, it said")).toEqual([
      "“exhaustive measures” to evacuate its wounded.",
      "”On 27 February, it said",
    ]);
  });

  it("splits between a closing and an opening quote", () => {
    expect(restoreParagraphs("been “targeting from the air.””We had a meeting")).toEqual([
      "been “targeting from the air.”",
      "”We had a meeting",
    ]);
  });

  it("does not split at a quote or letter that is not a paragraph start", () => {
    expect(restoreParagraphs("it ended.”the rest")).toEqual(["it ended.”the rest"]);
    expect(restoreParagraphs("version 2.0.the end")).toEqual(["version 2.0.the end"]);
  });

  it("never splits listed abbreviations", () => {
    expect(restoreParagraphs("U.S. Sen. Lindsey Graham said")).toEqual(["U.S. Sen. Lindsey Graham said"]);
    expect(restoreParagraphs("Dr.Who met Mr.Smith at St.Paul on Jan.Fifth")).toEqual(["Dr.Who met Mr.Smith at St.Paul on Jan.Fifth"]);
  });

  it("never splits dotted abbreviations and initials", () => {
    for (const s of ["according to the U.N., and around 300", "the U.N.Security Council", "a Ph.D.Student", "J.R.R.Tolkien wrote", "e.g.Turkey"]) {
      expect(restoreParagraphs(s)).toEqual([s]);
    }
  });

  it("never splits decimals, times or ellipses", () => {
    for (const s of ["It grew 3.5 percent", "at 10.30 today", "at 10:30 a.m.Monday", "and then...Nothing", "and then…Nothing"]) {
      expect(restoreParagraphs(s)).toEqual([s]);
    }
  });

  it("never splits URLs, e-mail addresses or domains", () => {
    for (const s of ["see https://example.com/A.B now", "visit www.Example.Com today", "write to John.Smith@Agency.com", "shares of Amazon.Com rose", "at https://x.com/q?A=1"]) {
      expect(restoreParagraphs(s)).toEqual([s]);
    }
  });

  it("trims the pieces and drops empty ones", () => {
    expect(restoreParagraphs("  One.Two  ")).toEqual(["One.", "Two"]);
    expect(restoreParagraphs("   ")).toEqual([]);
  });
});

describe("splitParagraphs", () => {
  it("splits at blank lines, joins hard-wrapped lines, and restores lost breaks", () => {
    expect(splitParagraphs("\nOne line\nwrapped.\n \n\n\nTwo.Three\n")).toEqual(["One line wrapped.", "Two.", "Three"]);
  });
});
