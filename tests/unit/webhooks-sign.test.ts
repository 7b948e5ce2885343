import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { deliveryBody, jobDeliveryId } from "@/lib/server/webhooks/deliveries";
import { newWebhookSecret, signPayload, webhookHeaders } from "@/lib/server/webhooks/sign";

describe("webhook signing", () => {
  it("makes whsec_ secrets of 32 random bytes", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), "base64")).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it("signs as Standard Webhooks does: the standardwebhooks package verifies it", () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: "job.succeeded", timestamp: new Date().toISOString(), data: { id: "x", note: "ünïcode ✓" } });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders({ secrets: [secret], id: "msg_1", timestamp, body });
    expect(headers["webhook-signature"]).toBe(new Webhook(secret).sign("msg_1", new Date(timestamp * 1000), body));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow("No matching signature found");
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow("No matching signature found");
  });

  it("signs with every secret during a rotation's overlap, space-separated", () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const body = '{"type":"webhook.test"}';
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders({ secrets: [current, previous], id: "msg_2", timestamp, body });
    const parts = headers["webhook-signature"]!.split(" ");
    expect(parts).toEqual([signPayload({ secret: current, id: "msg_2", timestamp, body }), signPayload({ secret: previous, id: "msg_2", timestamp, body })]);
    for (const secret of [current, previous]) expect(new Webhook(secret).verify(body, headers)).toEqual({ type: "webhook.test" });
  });

  it("gives a job's event the same delivery id every time", () => {
    const id = crypto.randomUUID();
    expect(jobDeliveryId(id, "job.succeeded")).toBe(jobDeliveryId(id, "job.succeeded"));
    expect(jobDeliveryId(id, "job.succeeded")).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(jobDeliveryId(id, "job.failed")).not.toBe(jobDeliveryId(id, "job.succeeded"));
  });

  it("sends the envelope and a job's fields in their documented order, whatever order storage gave", () => {
    const body = deliveryBody({ data: { status: "succeeded", id: "j", object: "job", extra: 1 }, timestamp: "t", type: "job.succeeded" });
    expect(body).toBe('{"type":"job.succeeded","timestamp":"t","data":{"id":"j","object":"job","status":"succeeded","extra":1}}');
  });
});
