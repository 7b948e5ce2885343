// Preloaded into the server process (`node --import`, see scripts/serve.mjs): tells the app which
// address each request's connection came from. Next gives route handlers no socket, and fills
// X-Forwarded-For from it only when the client sent none, so without this a client names itself.
// The header is overwritten on every request, so a client can't set it; the flag tells the app
// the header is ours (lib/server/client-address.ts).
// The default exports are the objects Next's `require("http")` gets, so patching them reaches it.
import http from "node:http";
import https from "node:https";

const header = "x-draftwise-peer";
globalThis[Symbol.for("draftwise.peerHeader")] = header;

for (const mod of [http, https]) {
  const createServer = mod.createServer;
  mod.createServer = function (...args) {
    const at = args.findIndex((arg) => typeof arg === "function");
    if (at >= 0) {
      const listener = args[at];
      args[at] = function (req, res) {
        req.headers[header] = req.socket.remoteAddress ?? "";
        return listener.call(this, req, res);
      };
    }
    return createServer.apply(this, args);
  };
}
