// `npm run api-key -- create --email you@example.com --name "CI"`: mints an API key from the
// command line, on the same DATA_DIR or DATABASE_URL as the app (which may be stopped).
// Also `list --email …` and `revoke --email … --id …`. Run with `--help` for the options.
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
nextEnv.loadEnvConfig(process.cwd());

const usage = `Usage:
  npm run api-key -- create --email <email> --name <name> [--expires-at <ISO date> | --expires-in-days <n>]
                            [--rpm <n>] [--rph <n>] [--tpm <n>] [--concurrent <n>]
                            [--daily-tokens <n>] [--monthly-tokens <n>]
  npm run api-key -- list --email <email>
  npm run api-key -- revoke --email <email> --id <key id>

create makes the account when no account has this email (an API-only account without a
password) and prints the key once: store it now, only its hash is kept.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: "string" },
    name: { type: "string" },
    id: { type: "string" },
    "expires-at": { type: "string" },
    "expires-in-days": { type: "string" },
    rpm: { type: "string" },
    rph: { type: "string" },
    tpm: { type: "string" },
    concurrent: { type: "string" },
    "daily-tokens": { type: "string" },
    "monthly-tokens": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

const fail = (message: string): never => {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
};

const command = positionals[0];
if (values.help || !command) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}

const { emailSchema } = await import("@/lib/contracts/account");
const { createApiKeySchema } = await import("@/lib/contracts/api-keys");
const { runMigrations } = await import("@/lib/server/db/migrate");
const { closeDb } = await import("@/lib/server/db/client");
const { ensureUserByEmail, getUserByEmail } = await import("@/lib/server/db/queries/users");
const { createApiKey, listKeys, revokeKey } = await import("@/lib/server/api-keys");

const email = emailSchema.safeParse(values.email ?? "");
if (!email.success) fail("--email: give a valid email address.");

const number = (flag: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? n : fail(`--${flag}: expected a whole number, got "${value}".`);
};

function expiry(): string | undefined {
  if (values["expires-at"]) return values["expires-at"];
  const days = number("expires-in-days", values["expires-in-days"]);
  return days === undefined ? undefined : new Date(Date.now() + days * 86_400_000).toISOString();
}

try {
  await runMigrations();
  if (command === "create") {
    const limits = Object.fromEntries(
      Object.entries({
        rpm: number("rpm", values.rpm),
        rph: number("rph", values.rph),
        tpm: number("tpm", values.tpm),
        concurrent: number("concurrent", values.concurrent),
        daily_tokens: number("daily-tokens", values["daily-tokens"]),
        monthly_tokens: number("monthly-tokens", values["monthly-tokens"]),
      }).filter(([, v]) => v !== undefined),
    );
    const input = createApiKeySchema.safeParse({
      name: values.name ?? "",
      expires_at: expiry(),
      ...(Object.keys(limits).length ? { limits } : {}),
    });
    if (!input.success) {
      const issue = input.error.issues[0]!;
      fail(`${issue.path.join(".") || "input"}: ${issue.message}`);
    } else if (input.data.expires_at && new Date(input.data.expires_at).getTime() <= Date.now()) {
      // Checked before the account is made, so a refused key leaves nothing behind.
      fail("--expires-at: expires_at must be in the future.");
    } else {
      const { user, created } = await ensureUserByEmail({ email: email.data! });
      const key = await createApiKey({ user, input: input.data });
      console.error(`${created ? "Created the account" : "Account"} ${email.data} · key "${key.name}" (${key.id})`);
      console.error("This is the only time the key is shown. Store it now:");
      console.log(key.key);
    }
  } else if (command === "list") {
    const user = await getUserByEmail({ email: email.data! });
    if (!user) fail(`No account has the email ${email.data}.`);
    for (const key of await listKeys({ user: user! })) {
      console.log([key.id, key.prefix + "…", key.status, key.name, `created ${key.created_at}`].join("\t"));
    }
  } else if (command === "revoke") {
    const user = await getUserByEmail({ email: email.data! });
    if (!user) fail(`No account has the email ${email.data}.`);
    const keyId = /^[0-9a-f-]{36}$/i.test(values.id ?? "") ? values.id! : fail("--id: give the key's id (see `list`).");
    const key = await revokeKey({ user: user!, keyId });
    console.log(`Revoked ${key.prefix}… (${key.name}).`);
  } else {
    fail(`Unknown command "${command}".`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDb();
}
