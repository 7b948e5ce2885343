import type { RequestRecord } from "../fixtures/fake-upstream/server";
import { upstreamRequests } from "./helpers";

type Sent = { messages: { role: string; content: string }[] };

/** The system instructions of a recorded model call (the provider sends them as system messages). */
export function systemOf(record: RequestRecord): string {
  return (record.body as Sent).messages
    .filter((m) => m.role === "system" || m.role === "developer")
    .map((m) => m.content)
    .join("\n\n");
}

/** The system instructions of the latest model call with this tag. */
export const sentSystem = async (tag: string) => systemOf((await upstreamRequests(tag)).at(-1)!);

/** The directives that make the upstream answer with what it was told, tagged to find the request. */
export const echoSystem = (tag: string) => `[[echo=system]] [[tag=${tag}]]`;
