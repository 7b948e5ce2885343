import { describe, expect, it } from "vitest";
import { templateIds, templateList, templates } from "@/lib/contracts/templates";
import { templatePrompt } from "@/lib/server/ai/prompts";
import { prepareTemplateCall } from "@/lib/server/templates";
import type { Caller } from "@/lib/server/usage";

const caller = { user: { id: "u" }, route: "/api/v1/templates" } as unknown as Caller;

describe("writing templates", () => {
  it("include the five the studio and the API promise", () => {
    expect(templateIds).toEqual(
      expect.arrayContaining(["blog-post", "marketing-campaign", "product-description", "email-reply", "social-post"]),
    );
  });

  it("list each template's inputs as JSON Schema, required fields marked", () => {
    const campaign = templateList().find((t) => t.id === "marketing-campaign")!;
    expect(campaign.inputs_schema).toMatchObject({
      type: "object",
      required: ["brand"],
      properties: { brand: { type: "string", maxLength: 60 } },
    });
  });

  it("give every field a title for the studio's form", () => {
    for (const id of templateIds) {
      for (const [name, field] of Object.entries(templates[id].inputs.shape)) {
        expect(field.meta()?.title, `${id}.${name}`).toMatch(/^[A-Z]\S*( \S+)*$/);
      }
    }
  });

  it("put the brand and the brief into the campaign prompt", () => {
    const { instructions, prompt } = templatePrompt("marketing-campaign", { brand: "Acme Coffee", goal: "1,000 subscribers" });
    expect(instructions).toMatch(/campaign strategy/i);
    expect(prompt).toContain("Brand: Acme Coffee");
    expect(prompt).toContain("Goal: 1,000 subscribers");
    expect(prompt).not.toContain("undefined");
  });

  it("refuse inputs that fail the template's schema with a 422 naming the field", async () => {
    await expect(prepareTemplateCall(caller, "marketing-campaign", { inputs: { brand: "" } }, "none")).rejects.toMatchObject({
      code: "unprocessable_request",
      status: 422,
      param: "inputs.brand",
    });
    await expect(prepareTemplateCall(caller, "social-post", { inputs: { topic: "Launch day", platform: "myspace" } }, "none")).rejects.toMatchObject({
      param: "inputs.platform",
    });
    await expect(prepareTemplateCall(caller, "blog-post", { inputs: { topic: "Tides", colour: "red" } }, "none")).rejects.toMatchObject({
      param: "inputs.colour",
    });
  });

  it("answer an unknown template id with 404", async () => {
    await expect(prepareTemplateCall(caller, "limerick", { inputs: {} }, "none")).rejects.toMatchObject({ code: "not_found", status: 404 });
  });
});
