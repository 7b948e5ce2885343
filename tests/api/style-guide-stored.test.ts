/**
 * Stored style guides reach the model (issue 19): the studio's calls follow the document's guide,
 * else the account default; the developer API follows a stored guide only when asked ("default",
 * a document id, or `document_id`). Every studio route that calls a model is checked on the
 * request the scripted upstream recorded.
 *
 * Needs STYLE-UI's storage routes (PUT /api/documents/{id}/style-guide, PATCH /api/account with
 * `style_guide`): run it once both branches are merged.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { JobJson } from "@/lib/contracts/jobs";
import type { Outline } from "@/lib/contracts/outline";
import { styleGuideInstructions, type StyleGuide } from "@/lib/contracts/style-guide";
import type { RequestRecord } from "../fixtures/fake-upstream/server";
import { keyOwner, v1 } from "./api-key-helpers";
import { expectError, sseEvents, streamedText, uniqueTag, waitFor } from "./helpers";
import { upstreamCall, waitForStatus } from "./job-helpers";
import { echoSystem as echo, sentSystem, systemOf } from "./style-guide-helpers";
import type { Session } from "./session";

const accountGuide: StyleGuide = { voice: "Plain and friendly.", reading_level: "general" };
const documentGuide: StyleGuide = { voice: "Dry and exact.", audience: "first-year beekeepers", terms_to_avoid: ["utilize → use"] };
const toldAccount = styleGuideInstructions(accountGuide);
const toldDocument = styleGuideInstructions(documentGuide);

let key: string;
let session: Session;
/** Has its own guide. */
let guided: string;
/** Follows the account default. */
let following: string;
/** Its own guide is empty: none at all. */
let unguided: string;

async function newDocument(title: string): Promise<string> {
  const res = await session.json("/api/documents", { title });
  expect(res.status).toBe(201);
  return ((await res.json()) as { document: { id: string } }).document.id;
}

async function setDocumentGuide(id: string, guide: StyleGuide | null) {
  const res = await session.json(`/api/documents/${id}/style-guide`, { style_guide: guide }, { method: "PUT" });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  ({ key, session } = await keyOwner());
  expect((await session.json("/api/account", { style_guide: accountGuide }, { method: "PATCH" })).status).toBe(200);
  [guided, following, unguided] = [await newDocument("Guided"), await newDocument("Following"), await newDocument("Unguided")];
  await setDocumentGuide(guided, documentGuide);
  await setDocumentGuide(unguided, {});
});

/** Every studio route that calls the model, for a document (or none). */
const studioRoutes: { name: string; call: (tag: string, documentId?: string) => Promise<Response>; echoes: boolean }[] = [
  {
    name: "POST /api/write",
    call: (tag, documentId) => session.json("/api/write", { action: "improve", text: `Bees is nice. ${echo(tag)}`, document_id: documentId }),
    echoes: true,
  },
  {
    name: "POST /api/write (draft-section)",
    call: (tag, documentId) => session.json("/api/write", { action: "draft-section", text: `## Hives\n- frames ${echo(tag)}`, document_id: documentId }),
    echoes: true,
  },
  {
    name: "POST /api/edits",
    call: (tag, documentId) => session.json("/api/edits", { text: `Bees is nice. ${echo(tag)}`, action: "fix", document_id: documentId }),
    echoes: true,
  },
  {
    name: "POST /api/chat",
    call: (tag, documentId) => session.json("/api/chat", { messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: `Hi ${echo(tag)}` }] }], document_id: documentId }),
    echoes: true,
  },
  {
    name: "POST /api/outline",
    call: (tag, documentId) => session.json("/api/outline", { topic: `Beekeeping [[tag=${tag}]]`, document_id: documentId }, { headers: { Accept: "application/json" } }),
    echoes: false,
  },
  {
    name: "POST /api/templates/{id}",
    call: (tag, documentId) => session.json("/api/templates/blog-post", { inputs: { topic: `Bees ${echo(tag)}` }, document_id: documentId }),
    echoes: true,
  },
];

/** The answer's text, however the route streams it. */
async function answerText(res: Response): Promise<string> {
  const text = await res.text();
  return (res.headers.get("content-type") ?? "").startsWith("text/event-stream") ? streamedText(sseEvents(text)) : text;
}

describe.each(studioRoutes)("the studio's $name", ({ call, echoes }) => {
  it("follows the document's own guide", async () => {
    const tag = uniqueTag("own");
    const res = await call(tag, guided);
    expect(res.status).toBe(200);
    const answer = await answerText(res);
    expect((await sentSystem(tag)).endsWith(`\n\n${toldDocument}`)).toBe(true);
    if (echoes) expect(answer).toContain("Dry and exact");
  });

  it("follows the account default for a document without its own, and without a document", async () => {
    for (const documentId of [following, undefined]) {
      const tag = uniqueTag("default");
      expect((await call(tag, documentId)).status).toBe(200);
      expect((await sentSystem(tag)).endsWith(`\n\n${toldAccount}`)).toBe(true);
    }
  });

  it("follows none for a document whose guide is empty", async () => {
    const tag = uniqueTag("empty");
    expect((await call(tag, unguided)).status).toBe(200);
    expect(await sentSystem(tag)).not.toContain("style guide");
  });
});

describe("the studio's conversation routes", () => {
  const uiMessage = (id: string, text: string) => ({ id, role: "user", parts: [{ type: "text", text }] });

  async function conversationOf(documentId: string) {
    const res = await session.json("/api/conversations", { document_id: documentId });
    expect(res.status).toBe(201);
    return ((await res.json()) as { conversation: { id: string } }).conversation.id;
  }

  it("answering a failed question in place follows the conversation's document's guide", async () => {
    const id = await conversationOf(guided);
    const tag = uniqueTag("in-place");
    const question = `Why bees? [[fail=400x1]] [[id=${uniqueTag("fail")}]] ${echo(tag)}`;
    await expectError(await session.json("/api/chat", { messages: [uiMessage("q1", question)], conversation_id: id, document_id: guided }), 502, "upstream_error");
    const res = await session.json(`/api/conversations/${id}/messages/q1/answer`, { answer_id: crypto.randomUUID() });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Dry and exact");
    expect((await sentSystem(tag)).endsWith(toldDocument)).toBe(true);
  });

  it("continuing a stopped answer follows it too", async () => {
    const id = await conversationOf(guided);
    const marker = uniqueTag("story");
    const controller = new AbortController();
    const res = await session.json("/api/chat", { messages: [uiMessage("q1", `Story ${marker} [[tokens=100]] [[delay=20]]`)], conversation_id: id, document_id: guided }, { signal: controller.signal });
    const reader = res.body!.getReader();
    let received = "";
    while (received.split('"text-delta"').length < 4) received += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const stopped = await waitFor(async () => {
      const c = (await (await session.json(`/api/conversations/${id}`)).json()) as { conversation: { messages: { id: string; role: string; status: string }[] } };
      return c.conversation.messages.find((m) => m.role === "assistant" && m.status === "stopped");
    }, 5_000);
    expect((await session.json(`/api/conversations/${id}/messages/${stopped.id}/continue`, {})).status).toBe(200);
    // The continuation's last user turn is Draftwise's "continue" instruction: find the call by the story's marker.
    const all = (await (await fetch(`${inject("upstreamUrl").replace(/\/v1$/, "")}/__requests`)).json()) as RequestRecord[];
    const calls = all.filter((r) => JSON.stringify(r.body).includes(marker));
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(systemOf(call).endsWith(toldDocument)).toBe(true);
  });
});

describe("the developer API with stored guides", () => {
  const write = (tag: string, extra: Record<string, unknown>) => v1("/api/v1/write", { key, body: { prompt: `x ${echo(tag)}`, stream: false, ...extra } });

  it.each([
    ["no field: none, though the account has a default", {}, null],
    ['"default": the account default', { style_guide: "default" }, "account"],
    ["a document id: its own guide", { style_guide: "GUIDED" }, "document"],
    ["a document id: the default it follows", { style_guide: "FOLLOWING" }, "account"],
    ["document_id alone: its guide", { document_id: "GUIDED" }, "document"],
    ['document_id with "none": none', { document_id: "GUIDED", style_guide: "none" }, null],
    ['document_id with "default": the account default', { document_id: "GUIDED", style_guide: "default" }, "account"],
  ] as const)("%s", async (_name, extra, expected) => {
    const ids: Record<string, string> = { GUIDED: guided, FOLLOWING: following };
    const body = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, ids[v] ?? v]));
    const tag = uniqueTag("v1-stored");
    expect((await write(tag, body)).status).toBe(200);
    const system = await sentSystem(tag);
    if (expected === null) expect(system).not.toContain("style guide");
    else expect(system.endsWith(`\n\n${expected === "account" ? toldAccount : toldDocument}`)).toBe(true);
  });

  it("a draft job with document_id: its outline and every section follow the document's guide as it stands when the job runs", async () => {
    const tags = [uniqueTag("s1"), uniqueTag("s2"), uniqueTag("s3")];
    const outline: Outline = { title: "Bees", sections: tags.map((t, i) => ({ heading: `Part ${i + 1}`, keyPoints: [`Point [[tag=${t}]]`] })) };
    const res = await v1("/api/v1/jobs", { key, body: { type: "draft", input: { outline, document_id: guided } } });
    expect(res.status).toBe(202);
    const job = (await res.json()) as JobJson;
    await waitForStatus(key, job.id, "succeeded");
    for (const tag of tags) expect(systemOf(await upstreamCall(tag)).endsWith(toldDocument)).toBe(true);

    const topicTag = uniqueTag("topic");
    const fromTopic = await v1("/api/v1/jobs", { key, body: { type: "draft", input: { topic: `Bees [[tag=${topicTag}]]`, sections: 3, document_id: guided } } });
    await waitForStatus(key, ((await fromTopic.json()) as JobJson).id, "succeeded");
    expect(systemOf(await upstreamCall(topicTag)).endsWith(toldDocument)).toBe(true);
  });
});
