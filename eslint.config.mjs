import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
    // Client code must never reach server-only modules or the raw environment.
    files: ["components/**/*.{ts,tsx}", "hooks/**/*.{ts,tsx}", "lib/contracts/**/*.ts", "lib/ai/**/*.ts", "lib/errors.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/lib/server/*", "**/lib/server/*"] }],
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration from lib/server/env (its schema documents every variable)." }],
    },
  },
];

export default config;
