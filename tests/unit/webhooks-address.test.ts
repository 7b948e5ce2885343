import { describe, expect, it } from "vitest";
import { checkWebhookTarget, classifyAddress, WebhookAddressError } from "@/lib/server/webhooks/address";

describe("webhook address classifier", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.0.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.1", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "linkLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "reserved"],
    ["64:ff9b::7f00:1", "rfc6052"],
    ["2002:7f00:1::", "6to4"],
  ])("refuses %s (%s)", (address, range) => {
    expect(classifyAddress(address)).toEqual({ allowed: false, range, address: expect.any(String) });
  });

  it("reads IPv4-mapped IPv6 as the IPv4 address it carries", () => {
    expect(classifyAddress("::ffff:127.0.0.1")).toEqual({ allowed: false, range: "loopback", address: "127.0.0.1" });
    expect(classifyAddress("::ffff:a00:5")).toEqual({ allowed: false, range: "private", address: "10.0.0.5" });
    expect(classifyAddress("::ffff:93.184.216.34")).toEqual({ allowed: true, address: "93.184.216.34" });
  });

  it.each(["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001:800::200e"])("allows the public address %s", (address) => {
    expect(classifyAddress(address).allowed).toBe(true);
  });

  it("refuses the deprecated IPv4-compatible IPv6 form (::a.b.c.d), which some hosts route to the IPv4 address", () => {
    expect(classifyAddress("::7f00:1")).toMatchObject({ allowed: false, range: "ipv4Compatible" });
    expect(classifyAddress("::a9fe:a9fe")).toMatchObject({ allowed: false, range: "ipv4Compatible" });
    expect(classifyAddress("::1")).toMatchObject({ allowed: false, range: "loopback" });
    expect(classifyAddress("2606:4700::1111")).toMatchObject({ allowed: true });
  });

  it("refuses what is not an address", () => {
    expect(classifyAddress("example.com")).toMatchObject({ allowed: false, range: "invalid" });
  });
});

describe("checkWebhookTarget (no DNS: IP literals and localhost)", () => {
  const refused = async (url: string) => {
    const error = await checkWebhookTarget(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WebhookAddressError);
    return (error as Error).message;
  };

  it.each([
    ["http://127.0.0.1:8080/hook", "127.0.0.1", "loopback"],
    ["http://2130706433/", "127.0.0.1", "loopback"],
    ["http://0x7f.1/", "127.0.0.1", "loopback"],
    ["http://[::1]/", "::1", "loopback"],
    ["http://[::ffff:127.0.0.1]/", "127.0.0.1", "loopback"],
    ["http://0.0.0.0/", "0.0.0.0", "unspecified"],
    ["http://10.1.2.3/", "10.1.2.3", "private"],
    ["http://169.254.169.254/latest/meta-data", "169.254.169.254", "link-local"],
    ["http://localhost/", "127.0.0.1", "loopback"],
    ["http://api.localhost:3000/", "127.0.0.1", "loopback"],
  ])("refuses %s, naming %s as %s and how to allow it", async (url, address, what) => {
    const message = await refused(url);
    expect(message).toContain(address);
    expect(message).toContain(what);
    expect(message).toContain("WEBHOOK_ALLOW_PRIVATE=true");
    expect(message).toMatch(/^webhook_url /);
  });

  it("refuses other schemes and credentials", async () => {
    expect(await refused("ftp://93.184.216.34/")).toMatch(/http or https/);
    expect(await refused("http://user:pw@93.184.216.34/")).toMatch(/credentials/);
    expect(await refused("not a url")).toMatch(/not a valid URL/);
  });

  it("accepts a public IP literal and pins it", async () => {
    const target = await checkWebhookTarget("https://93.184.216.34:8443/hooks?x=1");
    expect(target).toMatchObject({ hostname: "93.184.216.34", address: "93.184.216.34", family: 4 });
    expect(target.url.toString()).toBe("https://93.184.216.34:8443/hooks?x=1");
    const v6 = await checkWebhookTarget("http://[2606:4700::1111]/");
    expect(v6).toMatchObject({ hostname: "2606:4700::1111", family: 6 });
  });
});
