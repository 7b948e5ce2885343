import { describe, expect, it } from "vitest";
import { placeCard } from "@/lib/client/editor/place-card";

const area = { top: 100, bottom: 500, left: 300, right: 900 };
const size = { width: 288, height: 120 };

describe("placeCard: the change card stays inside the editor's visible area", () => {
  it("goes just below the change, from its left edge, when it fits there", () => {
    expect(placeCard({ range: { top: 150, bottom: 170, left: 400 }, size, area })).toEqual({ top: 176, left: 400 });
  });

  it("goes above the change when below would run past the editor's bottom (onto the variants)", () => {
    expect(placeCard({ range: { top: 400, bottom: 420, left: 400 }, size, area }).top).toBe(400 - 6 - 120);
  });

  it("sits at the bottom of the area, over the text, when neither below nor above fits", () => {
    expect(placeCard({ range: { top: 150, bottom: 460, left: 400 }, size, area }).top).toBe(500 - 120);
  });

  it("never goes above the area, even when the card is taller than it", () => {
    expect(placeCard({ range: { top: 150, bottom: 170, left: 400 }, size: { ...size, height: 600 }, area }).top).toBe(100);
  });

  it("moves left to stay out of the panel on the editor's right, and right to stay inside its left edge", () => {
    expect(placeCard({ range: { top: 150, bottom: 170, left: 850 }, size, area }).left).toBe(900 - 288 - 8);
    expect(placeCard({ range: { top: 150, bottom: 170, left: 250 }, size, area }).left).toBe(308);
  });
});
