import { describe, it, expect } from "vitest";
import { isBoilerplate, stripBoilerplate } from "../../src/normalize/boilerplate.js";

describe("stripBoilerplate", () => {
  it("removes newsletter sign-ups", () => {
    for (const p of [
      "Free News Delivery by Email",
      "Would you like to have the day's news stories delivered right to your inbox every evening? Enter your email below to start!",
      "Would you like to have the day’s news stories delivered right to your inbox?",
      "Sign up for our newsletter",
      "Subscribe to The Daily Brief",
    ]) {
      expect(isBoilerplate(p), p).toBe(true);
    }
  });

  it("removes comment forms", () => {
    for (const p of ["Leave a Reply", "Your email address will not be published. Required fields are marked *", "Post a comment", "Comments", "Comments (12)"]) {
      expect(isBoilerplate(p), p).toBe(true);
    }
  });

  it("removes share prompts", () => {
    for (const p of ["Share this:", "Share on Facebook", "Click to share on Twitter (Opens in new window)", "Tweet", "Like this:", "Like Loading...", "Related"]) {
      expect(isBoilerplate(p), p).toBe(true);
    }
  });

  it("walks backwards from the end and returns what it removed in order", () => {
    const { paragraphs, removed } = stripBoilerplate(["Copy one.", "Copy two.", "Share this:", "Tweet", "Leave a Reply"]);
    expect(paragraphs).toEqual(["Copy one.", "Copy two."]);
    expect(removed).toEqual(["Share this:", "Tweet", "Leave a Reply"]);
  });

  it("never removes from the middle of copy", () => {
    const input = ["Copy.", "Related", "More copy."];
    expect(stripBoilerplate(input)).toEqual({ paragraphs: input, removed: [] });
  });

  it("does not take copy that merely starts like boilerplate", () => {
    expect(isBoilerplate("Comments from the minister were not available.")).toBe(false);
    expect(isBoilerplate("Subscribe to " + "the idea that the war will end soon, officials said, ".repeat(3))).toBe(false);
  });
});
