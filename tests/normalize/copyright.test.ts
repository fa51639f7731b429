import { describe, it, expect } from "vitest";
import { extractCopyright } from "../../src/normalize/copyright.js";

describe("extractCopyright", () => {
  it("takes a notice glued to the end of the last sentence", () => {
    expect(extractCopyright(["First.", "trying to reach Europe.Copyright © 2020, ABC Audio. All rights reserved."])).toEqual({
      paragraphs: ["First.", "trying to reach Europe."],
      copyright: "Copyright © 2020, ABC Audio. All rights reserved.",
      holder: "ABC Audio",
    });
  });

  it("takes a notice that is its own paragraph, dropping the paragraph", () => {
    expect(extractCopyright(["Copy.", "© 2024 Reuters"])).toEqual({ paragraphs: ["Copy."], copyright: "© 2024 Reuters", holder: "Reuters" });
  });

  it("reads the (c), Copyright-with-year and year-range forms", () => {
    expect(extractCopyright(["Copy. (c) 2023 Agency Name. All rights reserved."])).toMatchObject({
      paragraphs: ["Copy."],
      copyright: "(c) 2023 Agency Name. All rights reserved.",
      holder: "Agency Name",
    });
    expect(extractCopyright(["Copyright 2021 Northwind Wire"])).toMatchObject({ paragraphs: [], holder: "Northwind Wire" });
    expect(extractCopyright(["Copyright © 2019-2024 Example Press Ltd."])).toMatchObject({ holder: "Example Press Ltd" });
  });

  it("searches from the last paragraph backwards", () => {
    expect(extractCopyright(["A.", "© 2020 Old Wire", "B.", "© 2024 New Wire", "C."])).toMatchObject({
      paragraphs: ["A.", "© 2020 Old Wire", "B.", "C."],
      holder: "New Wire",
    });
  });

  it("does not take copy that mentions copyright", () => {
    const input = ["The video was removed. Copyright claims were filed by the label.", "It cost (c) 12 euros, he said."];
    expect(extractCopyright(input)).toEqual({ paragraphs: input });
  });
});
