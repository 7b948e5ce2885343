import { z } from "zod";

// Runs before the app's modules: Zod probes for `new Function` (to compile faster parsers) as each
// object schema is built, and the pages' CSP, which refuses eval, reports the refused probe.
z.config({ jitless: true });
