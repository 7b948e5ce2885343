import type { WriteAction } from "@/lib/contracts/write";

/** An action as the writer chose it from the AI actions; drafting sections is the outline's job. */
export interface WriteChoice {
  action: Exclude<WriteAction, "draft-section">;
  tone?: string;
  instruction?: string;
}
