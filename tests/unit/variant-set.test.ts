import { describe, expect, it } from "vitest";
import { cycleSpot } from "@/lib/editor/variants/spots";
import {
  alternativeLabel,
  applyVariantEvent,
  interruptVariantSet,
  pickVariant,
  settleVariantSet,
  shownModels,
  shownText,
  startVariantSet,
  variantLabel,
  wholeVariant,
} from "@/lib/editor/variants/variant-set";
import { parseVariantLine } from "@/lib/client/api/stream-variants";

const original = "The old house stood on the hill.";
const settings = [
  { model: "gpt-4o-mini", temperature: 0.7 },
  { model: "gpt-4.1", temperature: null },
];

const streamed = (texts: string[]) => {
  let set = startVariantSet(original, settings);
  for (const [variant, text] of texts.entries()) {
    for (const piece of text.match(/.{1,5}/gsu) ?? []) set = applyVariantEvent(set, { type: "delta", variant, text: piece });
    set = applyVariantEvent(set, { type: "done", variant });
  }
  return set;
};

describe("variant set", () => {
  it("streams each variant's text and shows the selected one (A at first)", () => {
    const set = streamed(["The old house stood on the hill above town.", "The ancient house stood on the hill."]);
    expect(set.variants.map((v) => v.status)).toEqual(["done", "done"]);
    expect(shownText(set)).toBe("The old house stood on the hill above town.");
    expect(shownText(pickVariant(set, 1))).toBe("The ancient house stood on the hill.");
  });

  it("mixes per spot once settled, and knows when the mix is one whole variant", () => {
    let set = settleVariantSet(streamed(["The old house stood on the hill above town.", "The ancient house stood on the hill."]));
    expect(set.spots).toHaveLength(2);
    expect(wholeVariant(set)).toBe(0);
    set = { ...set, choice: cycleSpot(set.spots!, set.choice!, 0, 1) };
    expect(shownText(set)).toBe("The ancient house stood on the hill above town.");
    expect(wholeVariant(set)).toBeUndefined();
    expect(alternativeLabel(set, set.spots![0]!, 0)).toBe("Original");
    expect(alternativeLabel(set, set.spots![0]!, 1)).toBe("B");
    expect(shownModels(set)).toBe("gpt-4.1 + gpt-4o-mini");
    set = pickVariant(set, 1);
    expect(shownModels(set)).toBe("gpt-4.1");
    expect(shownText(set)).toBe("The ancient house stood on the hill.");
    expect(wholeVariant(set)).toBe(1);
  });

  it("hands the document to the next variant when the selected one fails, and keeps the original for it when mixing", () => {
    let set = startVariantSet(original, settings);
    set = applyVariantEvent(set, { type: "delta", variant: 0, text: "The new" });
    set = applyVariantEvent(set, { type: "delta", variant: 1, text: "A house." });
    set = applyVariantEvent(set, { type: "error", variant: 0, message: "The model failed." });
    expect(set.selected).toBe(1);
    expect(pickVariant(set, 0).selected).toBe(1);
    set = settleVariantSet(applyVariantEvent(set, { type: "done", variant: 1 }));
    expect(shownText(set)).toBe("A house.");
    expect(set.spots!.every((spot) => spot.texts[0] === original.slice(spot.start, spot.end))).toBe(true);
  });

  it("ends the variants still going when the stream stops, without spots to mix half answers by", () => {
    let set = applyVariantEvent(startVariantSet(original, settings), { type: "delta", variant: 0, text: "The old" });
    set = applyVariantEvent(applyVariantEvent(set, { type: "delta", variant: 1, text: "A house." }), { type: "done", variant: 1 });
    set = interruptVariantSet(set, "Stopped before it finished.");
    expect(set.variants.map((v) => [v.status, v.error])).toEqual([
      ["error", "Stopped before it finished."],
      ["done", undefined],
    ]);
    expect(set.spots).toBeNull();
    expect(shownText(pickVariant(set, 1))).toBe("A house.");
  });

  it("takes each variant's model and temperature from the start line", () => {
    const set = applyVariantEvent(startVariantSet(original, settings), {
      type: "start",
      variants: [
        { variant: 0, model: "gpt-4o-mini", temperature: 0.7 },
        { variant: 1, model: "gpt-4o", temperature: null },
      ],
    });
    expect(set.variants.map(variantLabel)).toEqual(["A · gpt-4o-mini · 0.7", "B · gpt-4o"]);
  });

  it("reads the stream's lines, skipping what it doesn't know", () => {
    expect(parseVariantLine('{"type":"delta","variant":1,"text":"Hi"}')).toEqual({ type: "delta", variant: 1, text: "Hi" });
    expect(parseVariantLine('{"type":"error","variant":0,"code":"model_error","message":"Failed."}')).toEqual({ type: "error", variant: 0, code: "model_error", message: "Failed." });
    expect(parseVariantLine('{"type":"end"}')).toBe("end");
    expect(parseVariantLine('{"type":"usage","tokens":3}')).toBeUndefined();
    expect(parseVariantLine("not json")).toBeUndefined();
    expect(parseVariantLine("")).toBeUndefined();
  });
});
