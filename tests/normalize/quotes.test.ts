import { describe, it, expect } from "vitest";
import { quoteBalance, repairQuotes } from "../../src/normalize/quotes.js";

describe("repairQuotes", () => {
  it("curls straight double quotes by position", () => {
    expect(repairQuotes(`"Go," he said. ("Now.")`)).toBe("“Go,” he said. (“Now.”)");
  });

  it("makes apostrophes inside words typographic", () => {
    expect(repairQuotes("don't stop Turkey's army")).toBe("don’t stop Turkey’s army");
  });

  it("treats a quote before a decade as an apostrophe", () => {
    expect(repairQuotes("in the '90s and '20")).toBe("in the ’90s and ’20");
  });

  it("curls single quotes by position", () => {
    expect(repairQuotes(`He called it 'a disgrace' and left.`)).toBe("He called it ‘a disgrace’ and left.");
    expect(repairQuotes(`"He said 'no.'"`)).toBe("“He said ‘no.’”");
  });

  it("opens a paragraph that starts with a closing quote before a word", () => {
    expect(repairQuotes("”On 27 February, in the area,” the ministry said.")).toBe("“On 27 February, in the area,” the ministry said.");
    expect(repairQuotes("”We had a meeting,” he wrote.")).toBe("“We had a meeting,” he wrote.");
  });

  it("opens a closing quote that runs into a word while no quote is open", () => {
    expect(repairQuotes("He said”yes” twice.")).toBe("He said“yes” twice.");
  });

  it("closes an opening quote that ends a word while a quote is open", () => {
    expect(repairQuotes("“It is over.“ Then silence.")).toBe("“It is over.” Then silence.");
  });

  it("leaves an unbalanced closing quote before a space alone, inventing nothing", () => {
    const p = "The U.N. Secretary-General has reiterated his call ... actions,” U.N. spokesman Stephane Dujarric said.";
    expect(repairQuotes(p)).toBe(p);
  });

  it("keeps a quote left open for the next paragraph open", () => {
    expect(repairQuotes(`"We will fight on.`)).toBe("“We will fight on.");
  });
});

describe("quoteBalance", () => {
  it("counts opening minus closing double quotes", () => {
    expect(quoteBalance("“a” “b”")).toBe(0);
    expect(quoteBalance("“a")).toBe(1);
    expect(quoteBalance("a,” he said")).toBe(-1);
  });
});
