import { readFileSync } from "node:fs";
import { describe, it, expect } from "vitest";
import { parseRaw } from "../../src/normalize/raw.js";
import { quoteBalance } from "../../src/normalize/quotes.js";

const seed = readFileSync(new URL("../../stories/abc-audio-idlib-strikes.txt", import.meta.url), "utf8");

describe("parseRaw on the ABC Audio seed story", () => {
  const raw = parseRaw(seed);
  const { paragraphs } = raw;
  const first = paragraphs[0] ?? "";
  const last = paragraphs[paragraphs.length - 1] ?? "";

  it("finds headline, dateline, notice and credit without findings", () => {
    expect(raw.title).toBe("Russia denies responsibility after strikes kill at least 33 Turkish troops in Syria");
    expect(raw.dateline).toBe("MOSCOW");
    expect(raw.copyright).toBe("Copyright © 2020, ABC Audio. All rights reserved.");
    expect(raw.credit).toBe("ABC Audio");
    expect(raw.findings).toEqual([]);
  });

  it("drops the web boilerplate after the story", () => {
    for (const junk of ["Free News Delivery", "Leave a Reply", "Your email address", "Would you like"]) {
      expect(paragraphs.some((p) => p.includes(junk))).toBe(false);
    }
  });

  it("takes the dateline off and restores the lost paragraph breaks", () => {
    expect(first.startsWith("Russia’s military has denied")).toBe(true);
    expect(first.endsWith("Syria’s civil war.")).toBe(true);
    expect(paragraphs[1]?.startsWith("Turkey has said at least 33")).toBe(true);
    expect(paragraphs.some((p) => p.startsWith("In recent weeks"))).toBe(true);
    expect(paragraphs.some((p) => p.startsWith("Rahmi Dogan"))).toBe(true);
  });

  it("turns glued quotes into paragraph-opening quotes", () => {
    expect(paragraphs.some((p) => p.startsWith("“On 27 February, in the area of the village of Behun"))).toBe(true);
    expect(paragraphs.some((p) => p.startsWith("“We had a national security meeting"))).toBe(true);
    expect(paragraphs.some((p) => p.endsWith("from the ground and the air.”"))).toBe(true);
    expect(paragraphs.some((p) => p.startsWith("“The world is sitting on its hands"))).toBe(true);
  });

  it("keeps abbreviations intact", () => {
    expect(paragraphs.some((p) => p.includes("U.S. Sen. Lindsey Graham"))).toBe(true);
    expect(paragraphs.some((p) => p.includes("according to the U.N., and around 300"))).toBe(true);
  });

  it("ends with the last real sentence, the notice removed", () => {
    expect(last.endsWith("trying to reach Europe.")).toBe(true);
    expect(paragraphs.some((p) => p.includes(".Copyright") || p.includes("©"))).toBe(false);
  });

  it("leaves every paragraph's double quotes sensible", () => {
    for (const p of paragraphs) {
      expect(p.startsWith("”")).toBe(false);
      expect(p).not.toMatch(/["']/); // every straight quote was made typographic
    }
    // The seed's U.N. quote lost its opening in the source; it stays a closing quote, nothing invented.
    const un = paragraphs.find((p) => p.startsWith("The U.N. Secretary-General")) ?? "";
    expect(un).toContain("actions,” U.N. spokesman Stephane Dujarric said.");
    const unbalanced = paragraphs.filter((p) => quoteBalance(p) !== 0);
    expect(unbalanced).toEqual([un]);
  });
});

describe("parseRaw on quotes running across paragraphs", () => {
  const story = [
    "Ferry service resumes",
    "",
    "(PORTSMOUTH) — The ferry sails again on Monday.The harbour master said: “The channel is clear.”It’s taken weeks to get here.”Thank you to the crews,” she said.Copyright © 2031, Solent Wire. All rights reserved.",
  ].join("\n");
  const { paragraphs } = parseRaw(story);

  it("turns a reopening quote back into an opening one rather than dropping it", () => {
    expect(paragraphs).toEqual([
      "The ferry sails again on Monday.",
      "The harbour master said: “The channel is clear.",
      "“It’s taken weeks to get here.",
      "“Thank you to the crews,” she said.",
    ]);
  });

  it("leaves a quote open only where the next paragraph reopens it", () => {
    expect(paragraphs.map(quoteBalance)).toEqual([0, 1, 1, 0]);
  });
});

describe("parseRaw findings", () => {
  it("reports missing-title for empty text", () => {
    const { findings } = parseRaw("\n\n  \n");
    expect(findings.map((f) => [f.rule, f.severity, f.line])).toEqual([
      ["missing-title", "error", 1],
      ["missing-copyright", "error", 1],
    ]);
  });

  it("reports missing-copyright when no notice is found", () => {
    const { findings, title, paragraphs } = parseRaw("Headline\n\nBody text.");
    expect(title).toBe("Headline");
    expect(paragraphs).toEqual(["Body text."]);
    expect(findings).toEqual([
      {
        severity: "error",
        rule: "missing-copyright",
        message: "raw text without a copyright notice; no story goes out unattributed",
        line: 1,
        column: 1,
      },
    ]);
  });

  it("reports forbidden characters at their line, offset by the line argument", () => {
    const { findings, paragraphs } = parseRaw("Head\n\nBo\u0007dy.\n\n© 2024 Reuters", 3);
    expect(findings).toEqual([expect.objectContaining({ rule: "xml-forbidden-char", severity: "warning", line: 6, column: 3 })]);
    expect(paragraphs).toEqual(["Body."]);
  });

  it("strips boilerplate that follows the notice, and boilerplate before it", () => {
    const r = parseRaw("Head\n\nCopy.\n\nShare this:\n\nCopyright 2021 Northwind Wire\n\nLeave a Reply");
    expect(r.paragraphs).toEqual(["Copy."]);
    expect(r.credit).toBe("Northwind Wire");
  });

  it("curls the headline's quotes and collapses its whitespace", () => {
    expect(parseRaw(`  "Never again,"   says  minister's aide\nBody.\n© 2024 Reuters`).title).toBe("“Never again,” says minister’s aide");
  });

  it("keeps a story whose dateline is its only first-paragraph text", () => {
    const r = parseRaw("Head\n\nWASHINGTON (AP) —\n\nCopy.\n\n© 2024 Reuters");
    expect(r.paragraphs[0]).toBe("WASHINGTON (AP) —");
  });
});
