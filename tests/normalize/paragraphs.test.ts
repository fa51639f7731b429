import { describe, it, expect } from "vitest";
import { restoreParagraphs, splitParagraphs } from "../../src/normalize/paragraphs.js";

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

describe("restoreParagraphs: a glued closing quote while a quote is open", () => {
  // Each case is `…end.”Word`: either the quote closes and a plain paragraph follows, or the quote
  // runs on and the next paragraph reopens it (the lost break turned its “ into ”). The piece that
  // starts with ” is the reopened paragraph; repairQuotes turns that ” into “.
  it("reopens when a closing quote comes first: the text after it was speech", () => {
    expect(restoreParagraphs("She said: “The pier will stay shut.”Nobody is allowed on it until the repairs are done,” she added.")).toEqual([
      "She said: “The pier will stay shut.",
      "”Nobody is allowed on it until the repairs are done,” she added.",
    ]);
  });

  it("closes when a lost break comes first with no quote reopening the next paragraph", () => {
    expect(restoreParagraphs("He said: “We are ready for the vote.”Councillors meet at noon.The budget follows next month.")).toEqual([
      "He said: “We are ready for the vote.”",
      "Councillors meet at noon.",
      "The budget follows next month.",
    ]);
  });

  it("closes when the text ends, since a quote running on would have closed there, unless what is left speaks", () => {
    expect(restoreParagraphs("He said: “We are ready.”Voting ends at ten")).toEqual(["He said: “We are ready.”", "Voting ends at ten"]);
    // Speaking, it may run on past a blank line into a paragraph reopening it.
    expect(restoreParagraphs("He said: “We are ready.”We will vote at ten.")).toEqual(["He said: “We are ready.", "”We will vote at ten."]);
  });

  it("closes when a quote opens inside a sentence first", () => {
    expect(restoreParagraphs("He said: “We are ready.”The mayor called it “a fine day” for the town.")).toEqual([
      "He said: “We are ready.”",
      "The mayor called it “a fine day” for the town.",
    ]);
  });

  it("reopens when the passage speaks in the first or second person or with contractions", () => {
    for (const passage of ["We’re proud of the crew.", "It’s been a long winter for everyone.", "You can see how hard they worked.", "My staff did not sleep."]) {
      expect(restoreParagraphs(`Ms Osei said: “The ferry runs again.”${passage} “Tickets go on sale today.”`)).toEqual([
        "Ms Osei said: “The ferry runs again.",
        `”${passage} “Tickets go on sale today.”`,
      ]);
    }
  });

  it("reopens when the passage names no one and the quote after it names no speaker", () => {
    expect(restoreParagraphs("The coach added: “The winger is leaving.”He has had a hard season and the move suits him. “He leaves with thanks.”")).toEqual([
      "The coach added: “The winger is leaving.",
      "”He has had a hard season and the move suits him. “He leaves with thanks.”",
    ]);
  });

  it("closes when the passage names someone, as narration does", () => {
    expect(restoreParagraphs("The coach added: “The winger is leaving.”The club signed Okafor in the spring. “He leaves with thanks.”")).toEqual([
      "The coach added: “The winger is leaving.”",
      "The club signed Okafor in the spring. “He leaves with thanks.”",
    ]);
  });

  it("closes when the quote after the passage names its speaker, as a new quote does", () => {
    expect(restoreParagraphs("“The plan is finished.”The vote comes after a long debate. “It will pass,” said the mayor.")).toEqual([
      "“The plan is finished.”",
      "The vote comes after a long debate. “It will pass,” said the mayor.",
    ]);
  });

  it("counts a sentence-opening word as a name when the story always writes it with a capital", () => {
    const text = "The coach added: “The winger is leaving.”Rotterdam has been a hard place for him. “He leaves with thanks.”";
    // Alone, `Rotterdam` opens a sentence and says nothing: read as the speaker running on.
    expect(restoreParagraphs(text)[1]).toMatch(/^”Rotterdam/);
    // Where the story also writes it inside a sentence, it is a name, and the passage narration.
    expect(restoreParagraphs(`He moved to Rotterdam in the spring.${text}`)).toEqual([
      "He moved to Rotterdam in the spring.",
      "The coach added: “The winger is leaving.”",
      "Rotterdam has been a hard place for him. “He leaves with thanks.”",
    ]);
    // A word also written in lower case (`The`, `the`) is no name.
    expect(restoreParagraphs("The coach added: “The winger is leaving.”The season has been hard. “He leaves the club, as The Times put it.”")[1])
      .toMatch(/^”The season/);
  });

  it("keeps a quote running on inside a paragraph open, so each paragraph still pairs its own quotes", () => {
    const [first = "", second = ""] = restoreParagraphs("She said: “The road is open. “Drive with care.”Crews finished at dawn, we hear,” she said.");
    expect(first).toBe("She said: “The road is open. “Drive with care.");
    expect(second).toBe("”Crews finished at dawn, we hear,” she said.");
  });
});

describe("restoreParagraphs: a glued closing quote while no quote is open", () => {
  it("opens the next paragraph when the quote it opens closes later", () => {
    expect(restoreParagraphs("the harbour.”On Monday the ferry sails,” she said.")).toEqual(["the harbour.", "”On Monday the ferry sails,” she said."]);
  });

  it("stays with its sentence when a lost break comes before any other quote", () => {
    expect(restoreParagraphs("the harbour is calm.”Ferries sail on Monday.Tickets are on sale.")).toEqual([
      "the harbour is calm.”",
      "Ferries sail on Monday.",
      "Tickets are on sale.",
    ]);
  });

  it("stays with its sentence before a copyright notice, which nobody quotes", () => {
    expect(restoreParagraphs("we will sail again.”Copyright © 2031, Solent Wire. All rights reserved.")).toEqual([
      "we will sail again.”",
      "Copyright © 2031, Solent Wire. All rights reserved.",
    ]);
  });
});

describe("restoreParagraphs: periods inside names and after ending abbreviations", () => {
  it("ends the paragraph at an abbreviation that can close a sentence, when glued to a capital", () => {
    expect(restoreParagraphs("The deal went to Harbour Holdings Inc.Shares rose.")).toEqual(["The deal went to Harbour Holdings Inc.", "Shares rose."]);
    expect(restoreParagraphs("He thanked Tom Reyes Jr.The band played on.")).toEqual(["He thanked Tom Reyes Jr.", "The band played on."]);
    expect(restoreParagraphs("Harbour Holdings Inc. Shares rose.")).toEqual(["Harbour Holdings Inc. Shares rose."]);
  });

  it("keeps a variant letter after a dot inside its name", () => {
    for (const s of ["The Qorax.K worm spread fast.", "Both Qorax.B and Qorax.C, the variants, were found.", "Labs named it Qorax.F."]) {
      expect(restoreParagraphs(s)).toEqual([s]);
    }
  });

  it("still splits before the words A and I and before initials", () => {
    expect(restoreParagraphs("It rained.A storm followed.")).toEqual(["It rained.", "A storm followed."]);
    expect(restoreParagraphs("It rained.I stayed in.")).toEqual(["It rained.", "I stayed in."]);
    expect(restoreParagraphs("It rained.J.K. Mills stayed in.")).toEqual(["It rained.", "J.K. Mills stayed in."]);
  });

  it("splits a capitalized domain after a lowercase word, which starts a sentence", () => {
    expect(restoreParagraphs("so say the analysts.Net sales fell.")).toEqual(["so say the analysts.", "Net sales fell."]);
    expect(restoreParagraphs("a record for the charity.Org leaders met.")).toEqual(["a record for the charity.", "Org leaders met."]);
  });

  it("keeps a domain whose name has its own capital, or that is written lowercase", () => {
    for (const s of ["shares of Harbourline.Net rose", "see harbourline.net today", "visit Harbourline.com now"]) {
      expect(restoreParagraphs(s)).toEqual([s]);
    }
  });
});

describe("splitParagraphs", () => {
  it("splits at blank lines, joins hard-wrapped lines, and restores lost breaks", () => {
    expect(splitParagraphs("\nOne line\nwrapped.\n \n\n\nTwo.Three\n")).toEqual(["One line wrapped.", "Two.", "Three"]);
  });
});
