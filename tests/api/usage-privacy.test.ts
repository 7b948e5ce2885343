import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startApp, type AppServer } from "../fixtures/app-server";
import { databaseRows } from "../fixtures/database";
import { expectError, uniqueTag, waitFor } from "./helpers";
import { Session, guestSession, registeredSession } from "./session";

interface Usage {
  by_day: { date: string; model: string; calls: number; prompt_tokens: number; completion_tokens: number }[];
  by_model: { model: string; calls: number; prompt_tokens: number; completion_tokens: number }[];
  totals: { calls: number; prompt_tokens: number; completion_tokens: number };
}

const usage = async (session: Session, days = 30) => (await (await session.json(`/api/usage?days=${days}`)).json()) as Usage;

describe("usage", () => {
  it("records every model call: chat, write and outline, per day and model", async () => {
    const session = await guestSession();
    expect((await usage(session)).totals.calls).toBe(0);
    await (await session.json("/api/chat", { messages: [{ role: "user", content: "Hi [[tokens=5]]" }] })).text();
    await (await session.json("/api/write", { action: "improve", text: "A rough line [[tokens=7]]" })).text();
    await (await session.json("/api/outline", { topic: "Tides and the moon" }, { headers: { Accept: "application/json" } })).text();
    const summary = await waitFor(async () => {
      const u = await usage(session);
      return u.totals.calls === 3 ? u : undefined;
    });
    const today = new Date().toISOString().slice(0, 10);
    expect(summary.by_day).toEqual([expect.objectContaining({ date: today, model: "fake-model", calls: 3 })]);
    expect(summary.totals.prompt_tokens).toBeGreaterThan(0);
    expect(summary.totals.completion_tokens).toBeGreaterThanOrEqual(12);
    expect(summary.by_model).toEqual([expect.objectContaining({ model: "fake-model", calls: 3 })]);
  });

  it("records a failed call with its outcome and a call for another model separately", async () => {
    const session = await guestSession();
    await (await session.json("/api/write", { action: "improve", text: "x [[tokens=2]]", model: "fake-model-small" })).text();
    await session.json("/api/write", { action: "improve", text: `x [[fail=400x1]] [[tag=${uniqueTag("fail")}]]` });
    const summary = await waitFor(async () => {
      const u = await usage(session);
      return u.totals.calls === 2 ? u : undefined;
    });
    expect(summary.by_model.map((m) => m.model).sort()).toEqual(["fake-model", "fake-model-small"]);
  });

  it("shows each user only their own usage", async () => {
    const a = await registeredSession();
    const b = await registeredSession();
    await (await a.session.json("/api/write", { action: "improve", text: "mine [[tokens=3]]" })).text();
    await waitFor(async () => ((await usage(a.session)).totals.calls === 1 ? true : undefined));
    expect((await usage(b.session)).totals.calls).toBe(0);
  });

  it("answers 400 for a bad days value and 401 without a session", async () => {
    const session = await guestSession();
    await expectError(await session.json("/api/usage?days=0"), 400, "invalid_request", "days");
    await expectError(await session.json("/api/usage?days=many"), 400, "invalid_request", "days");
    await expectError(await new Session().json("/api/usage"), 401, "unauthorized");
  });
});

describe("privacy: don't store my prompts and outputs", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startApp(3219, { OPENAI_BASE_URL: inject("upstreamUrl"), OPENAI_MODEL: "fake-model" });
  });
  afterAll(async () => {
    await app.stop();
  });

  it("stores no text of a private user's chats — only token counts — while others' chats are kept", async () => {
    const secret = `zebra-${uniqueTag("secret")}`;
    const shared = `giraffe-${uniqueTag("shared")}`;

    const privateUser = await registeredSession(app.url);
    const privateAccount = (await (await privateUser.session.json("/api/account", { store_content: false }, { method: "PATCH" })).json()).account;
    const privateChat = (await (await privateUser.session.json("/api/conversations", {})).json()).conversation;
    const answer = await (
      await privateUser.session.json("/api/chat", {
        messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: `Tell me about ${secret} [[echo=1]]` }] }],
        conversation_id: privateChat.id,
      })
    ).text();
    expect(answer).toContain(secret); // the model did answer, echoing the secret back
    await (await privateUser.session.json("/api/write", { action: "improve", text: `${secret} [[echo=1]]` })).text();
    const kept = (await (await privateUser.session.json(`/api/conversations/${privateChat.id}`)).json()).conversation;
    expect(kept.messages).toEqual([]);
    expect(kept.title).toBe("New chat");
    await waitFor(async () => ((await usage(privateUser.session)).totals.calls === 2 ? true : undefined));

    const sharingUser = await registeredSession(app.url);
    const sharedChat = (await (await sharingUser.session.json("/api/conversations", {})).json()).conversation;
    await (
      await sharingUser.session.json("/api/chat", {
        messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: `Tell me about ${shared} [[tokens=3]]` }] }],
        conversation_id: sharedChat.id,
      })
    ).text();
    await waitFor(async () => ((await usage(sharingUser.session)).totals.calls === 1 ? true : undefined));

    const rows = await databaseRows(app);
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain(secret);
    expect(everything).toContain(shared); // the check would see text if it were there
    const privateId = privateAccount.id;
    const privateUsage = (rows.usage_records ?? []).map((r) => JSON.parse(r)).filter((u) => u.user_id === privateId);
    expect(privateUsage).toHaveLength(2);
    for (const record of privateUsage) {
      expect(record.prompt_tokens).toBeGreaterThan(0);
      expect(record.completion_tokens).toBeGreaterThan(0);
    }
  });
});
