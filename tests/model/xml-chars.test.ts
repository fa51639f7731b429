import { describe, expect, it } from "vitest";
import { escapeMarkup } from "../../src/model/xml-chars.js";

describe("escapeMarkup", () => {
  const s = `Tom & "Jerry" <b>'s</b>\tend\n`;

  it("writes each place's references, & first so none is escaped twice", () => {
    expect(escapeMarkup(s)).toBe(`Tom &amp; "Jerry" &lt;b&gt;'s&lt;/b&gt;\tend\n`);
    expect(escapeMarkup(s, "quoted")).toBe(`Tom &amp; &quot;Jerry&quot; &lt;b&gt;'s&lt;/b&gt;\tend\n`);
    expect(escapeMarkup(s, "attribute")).toBe("Tom &amp; &quot;Jerry&quot; &lt;b&gt;&apos;s&lt;/b&gt;&#9;end&#10;");
    expect(escapeMarkup(s, "html")).toBe(`Tom &#38; &#34;Jerry&#34; &#60;b&#62;&#39;s&#60;/b&#62;\tend\n`);
    expect(escapeMarkup("&amp;", "html")).toBe("&#38;amp;");
  });

  it("gives back text with nothing to escape as it is", () => {
    for (const style of ["text", "quoted", "attribute", "html"] as const) expect(escapeMarkup("Plain words, 2026", style)).toBe("Plain words, 2026");
    expect(escapeMarkup(`it's "quoted"`)).toBe(`it's "quoted"`);
  });
});
