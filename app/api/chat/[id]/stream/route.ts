import { authenticate } from "@/lib/server/auth/principal";
import { otherMethods, route, type IdParams } from "@/lib/server/http";
import { parseStreamId, resumeStream, stopResumableStream, uiMessageStreamHeaders } from "@/lib/server/resumable";

export const maxDuration = 300;
export const { POST, PUT, PATCH } = otherMethods("GET, DELETE");

const noContent = () => new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });

/**
 * Reattaches to the chat's answer in progress (what `useChat({ resume: true })` asks for after
 * a reload): the UI message stream from its start, then live. 204 when nothing is running or
 * just finished for this user — also for another user's chat id.
 */
export const GET = route<IdParams>(async (req, { params }) => {
  const streamId = parseStreamId((await params).id);
  const { user } = await authenticate(req, { session: true });
  const stream = await resumeStream({ streamId, ownerId: user.id, signal: req.signal });
  return stream ? new Response(stream, { headers: uiMessageStreamHeaders }) : noContent();
});

/** Stops the chat's answer in progress, wherever it runs (the Stop button). Idempotent: always 204. */
export const DELETE = route<IdParams>(async (req, { params }) => {
  const streamId = parseStreamId((await params).id);
  const { user } = await authenticate(req, { session: true });
  await stopResumableStream({ streamId, ownerId: user.id });
  return noContent();
});
