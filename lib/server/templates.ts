import "server-only";
import { isTemplateId, templates, type TemplateId, type TemplateInputs, type TemplateRun } from "@/lib/contracts/templates";
import { AppError } from "@/lib/errors";
import { templatePrompt } from "@/lib/server/ai/prompts";
import { resolveModel } from "@/lib/server/ai/providers";
import { promptCall, type PreparedCall } from "@/lib/server/delivery";
import { resolveStyleGuide, type StyleGuideFallback } from "@/lib/server/style-guide";
import type { Caller } from "@/lib/server/usage";

export const templateNotFound = () => new AppError("not_found", "No template with this id. GET /api/v1/templates lists them.", { param: "id" });

/**
 * The template's own schema checks `inputs`: the body is well-formed, so a wrong input is a
 * 422 naming the field (`inputs.brand`; `at` names where `inputs` sits), not a 400.
 */
function checkInputs<T extends TemplateId>(id: T, inputs: unknown, at = "inputs"): TemplateInputs<T> {
  const result = templates[id].inputs.safeParse(inputs);
  if (result.success) return result.data as TemplateInputs<T>;
  const issue = result.error.issues[0]!;
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
  const param = [at, ...path.map(String)].filter(Boolean).join(".");
  const message = issue.code === "unrecognized_keys" ? `Unknown input: ${issue.keys.join(", ")}.` : issue.message;
  throw new AppError("unprocessable_request", `${param}: ${message}`, { param });
}

/**
 * A template job's inputs, checked when the job is submitted (after its input schema, which
 * knows the template ids): a wrong input is the 422 the template route gives, naming
 * `input.inputs.<field>`, rather than a job that fails when it runs.
 */
export function checkTemplateJobInput(input: { template: string; inputs: unknown }): void {
  if (!isTemplateId(input.template)) {
    throw new AppError("unprocessable_request", "No template with this id. GET /api/v1/templates lists them.", { param: "input.template" });
  }
  checkInputs(input.template, input.inputs, "input.inputs");
}

/** A template's call, by the style guide asked for, else its document's, else `fallback` (the studio's account default). */
export async function prepareTemplateCall(caller: Caller, id: string, run: TemplateRun, fallback: StyleGuideFallback): Promise<PreparedCall> {
  if (!isTemplateId(id)) throw templateNotFound();
  const inputs = checkInputs(id, run.inputs);
  const styleGuide = await resolveStyleGuide({ user: caller.user, documentId: run.document_id, requested: run.style_guide, fallback });
  const resolved = await resolveModel(run.model);
  return promptCall({ kind: "template", caller, resolved, prompt: templatePrompt(id, inputs), styleGuide, options: run });
}
