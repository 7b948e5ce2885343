import type { TemplateId } from "@/lib/contracts/templates";

/**
 * Request bodies shown in the reference and used by the code samples. The unit test parses each
 * one with its route's schema, so an example can't drift from what the API accepts.
 */

export const templateInputExamples = {
  "blog-post": { topic: "Why remote teams should write more", audience: "Engineering managers", tone: "friendly", length: "medium" },
  "marketing-campaign": { brand: "Acme Coffee", product: "A new cold-brew subscription", goal: "1,000 subscribers in three months" },
  "product-description": { product: "Trailblazer 40L hiking backpack", features: "Waterproof zips\nRain cover\n1.1 kg", words: 120 },
  "email-reply": {
    email: "Hi Sam, could we move Thursday's review call to next week? Best, Alex",
    intent: "Accept, but move the call to Friday",
    tone: "friendly",
    sign_off: "Sam",
  },
  "social-post": { topic: "We just launched dark mode in Draftwise", platform: "linkedin", hashtags: true, call_to_action: "Try it today" },
} satisfies Record<TemplateId, Record<string, unknown>>;

export function requestExamples(model: string) {
  return {
    v1Chat: {
      messages: [
        { role: "system", content: "You are a concise writing assistant." },
        { role: "user", content: "Suggest a title for a post about writing every day." },
      ],
      max_tokens: 200,
    },
    v1ChatStream: {
      messages: [{ role: "user", content: "Write a haiku about autumn." }],
      stream: true,
    },
    v1Write: { prompt: "A short welcome paragraph for a newsletter about home coffee brewing.", action: "write", max_tokens: 300 },
    v1Outline: { topic: "Why remote teams should write more", audience: "Engineering managers", sections: 5 },
    templateRun: { inputs: templateInputExamples["marketing-campaign"], max_tokens: 800 },
    openAIChat: {
      model,
      messages: [
        { role: "system", content: "You are a concise writing assistant." },
        { role: "user", content: "Suggest a title for a post about writing every day." },
      ],
      max_tokens: 200,
    },
    createKey: { name: "CI pipeline", expires_at: "2027-12-31T00:00:00Z", limits: { rpm: 30, daily_tokens: 200_000 } },
    studioChat: {
      messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: "Summarize my draft in one sentence." }] }],
      document: "Writing every day builds a habit that makes writing easier.",
    },
    studioChatPlain: { messages: [{ role: "user", content: "Summarize my draft in one sentence." }], stream: false },
    studioWrite: { action: "improve", text: "Their going to the park tomorow." },
    v1Edit: { text: editExampleText, instruction: "Make it more formal; keep the list.", stream: false },
    studioEdit: { text: editExampleText, action: "fix" },
    studioOutline: { topic: "Why remote teams should write more", length: "medium" },
  };
}

/** The Markdown the edits examples work on (and the stream example diffs against). */
export const editExampleText = "We **really** think the launch went great.\n\n- faster saves\n- less bugs";

/** A model's answer to the edits example, as the JSON and stream examples show it. */
export const editExampleAnswer = "We **firmly** believe the launch was a success.\n\n- faster saves\n- fewer bugs";

export type RequestExamples = ReturnType<typeof requestExamples>;
