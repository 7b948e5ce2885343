import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { noImportCycle } from "./scripts/lint/no-import-cycle.mjs";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", ".next-*/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // No module may reach itself through its imports, type-only and dynamic ones included
    // (import/no-cycle skips type imports): scripts/lint/no-import-cycle.mjs.
    plugins: { draftwise: { rules: { "no-import-cycle": noImportCycle } } },
    rules: { "draftwise/no-import-cycle": "error" },
  },
  {
    // Jobs hand finished work to webhooks, never the other way (what both need lives in lib/server/job-json.ts).
    files: ["lib/server/webhooks/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/lib/server/jobs", "@/lib/server/jobs/*", "../jobs", "../jobs/*"] }],
    },
  },
  {
    // Client code must never reach server-only modules or the raw environment.
    files: [
      "components/**/*.{ts,tsx}",
      "hooks/**/*.{ts,tsx}",
      "lib/contracts/**/*.ts",
      "lib/ai/**/*.ts",
      "lib/errors.ts",
      "lib/client/**/*.{ts,tsx}",
      "lib/documents/**/*.ts",
      "lib/editor/**/*.ts",
      "lib/openapi/**/*.ts",
      "lib/utils.ts",
      "lib/utils/**/*.ts",
      "lib/links.ts",
      "lib/delivery/**/*.ts",
    ],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/lib/server/*", "**/lib/server/*"] }],
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration from lib/server/env (its schema documents every variable)." }],
    },
  },
];

export default config;
