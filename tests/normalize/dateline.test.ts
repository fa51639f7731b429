import { describe, it, expect } from "vitest";
import { extractDateline } from "../../src/normalize/dateline.js";

describe("extractDateline", () => {
  it("takes a dateline in parentheses", () => {
    expect(extractDateline("(MOSCOW) — Russia’s military")).toEqual({ dateline: "MOSCOW", rest: "Russia’s military" });
  });

  it("takes a bare place", () => {
    expect(extractDateline("MOSCOW — Russia’s military")).toEqual({ dateline: "MOSCOW", rest: "Russia’s military" });
  });

  it("takes a place with date and agency", () => {
    expect(extractDateline("MOSCOW, Feb. 28 (Agency) - Troops")).toEqual({ dateline: "MOSCOW, Feb. 28 (Agency)", rest: "Troops" });
    expect(extractDateline("WASHINGTON (AP) — The Senate")).toEqual({ dateline: "WASHINGTON (AP)", rest: "The Senate" });
    expect(extractDateline("LOS ANGELES, Calif., 3 March (Reuters) — Fires")).toEqual({ dateline: "LOS ANGELES, Calif., 3 March (Reuters)", rest: "Fires" });
  });

  it("takes places in any script, with accents, dots, apostrophes and hyphens", () => {
    expect(extractDateline("SÃO PAULO — Rain")).toEqual({ dateline: "SÃO PAULO", rest: "Rain" });
    expect(extractDateline("WILKES-BARRE — Snow")).toEqual({ dateline: "WILKES-BARRE", rest: "Snow" });
    expect(extractDateline("ST. JOHN'S — Ice")).toEqual({ dateline: "ST. JOHN'S", rest: "Ice" });
    expect(extractDateline("МОСКВА — Войска")).toEqual({ dateline: "МОСКВА", rest: "Войска" });
  });

  it("accepts em dash, en dash, hyphen and double hyphen", () => {
    for (const dash of ["—", "–", "-", "--"]) {
      expect(extractDateline(`KYIV ${dash} Text`).dateline, dash).toBe("KYIV");
    }
    expect(extractDateline("KYIV—Text").dateline).toBe("KYIV");
  });

  it("does not take ordinary sentence starts", () => {
    for (const p of ["A man said — nothing", "NATO said — it would meet", "NATO-led forces moved in", "The UN — and others", "A — b"]) {
      expect(extractDateline(p), p).toEqual({ rest: p });
    }
  });
});
