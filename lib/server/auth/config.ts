import "server-only";
import { cookies, headers } from "next/headers";
import NextAuth, { CredentialsSignin, type DefaultSession, type NextAuthConfig, type User } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { Provider } from "next-auth/providers";
import { revokedGuestKeysCookie, signInSchema, signUpSchema, type AuthErrorCode } from "@/lib/contracts/account";
import { forgetVerifiedKeys } from "@/lib/server/api-keys";
import { env } from "@/lib/server/env";
import {
  bumpSessionVersion,
  createGuestUser,
  createUserWithPassword,
  getUserByEmail,
  getUserById,
  moveGuestData,
  resolveOAuthUser,
  type UserRow,
} from "@/lib/server/db/queries/users";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password";
import { clearSignInFailures, clientIp, recordSignInFailure, signInWait, takeGuestSlot, type SignInAttempt } from "./limits";
import { allowedRedirect, requestOrigin } from "./origin";
import { authSecret } from "./secret";

declare module "next-auth" {
  interface Session {
    user: { id: string; isGuest: boolean; sessionVersion: number } & DefaultSession["user"];
  }
  interface User {
    isGuest?: boolean;
    sessionVersion?: number;
  }
}

export const sessionMaxAgeSeconds = 30 * 24 * 60 * 60;

/** The users.session_version a cookie was issued under (cookies from before versions count as 0). */
const tokenSessionVersion = (token: Record<string, unknown>): number => (typeof token.sv === "number" ? token.sv : 0);

/** Reaches the sign-in form as `?code=…`. */
class AuthFailure extends CredentialsSignin {
  constructor(code: AuthErrorCode) {
    super();
    this.code = code;
  }
}

function toAuthUser(user: UserRow): User {
  return { id: user.id, email: user.email, name: user.name, image: user.image, isGuest: user.isGuest, sessionVersion: user.sessionVersion };
}

/** The guest signing in or up right now, whose documents must come along (a revoked guest cookie brings nothing). */
async function currentGuestId(): Promise<string | undefined> {
  const session = await auth();
  if (!session?.user.isGuest) return undefined;
  const guest = await getUserById({ userId: session.user.id });
  return guest?.isGuest && guest.sessionVersion === session.user.sessionVersion ? guest.id : undefined;
}

/** The studio tells the person (components/account/revoked-keys-notice.tsx) that their guest keys stopped working. */
async function noteRevokedGuestKeys(count: number): Promise<void> {
  if (count === 0) return;
  (await cookies()).set(revokedGuestKeysCookie, String(count), { path: "/", sameSite: "lax", maxAge: 600 });
}

async function signUp(raw: unknown, attempt: SignInAttempt): Promise<User> {
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) throw new AuthFailure("invalid_request");
  const { email, password, name } = parsed.data;
  const created = await createUserWithPassword({
    email,
    name,
    passwordHash: await hashPassword(password),
    guestId: await currentGuestId(),
  });
  if (created === "email_taken") {
    recordSignInFailure({ ip: attempt.ip });
    throw new AuthFailure("email_taken");
  }
  if (created.revokedGuestKeys > 0) forgetVerifiedKeys();
  await noteRevokedGuestKeys(created.revokedGuestKeys);
  return toAuthUser(created.user);
}

async function signInWithPassword(raw: unknown, attempt: SignInAttempt): Promise<User> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) throw new AuthFailure("invalid_request");
  const { email, password } = parsed.data;
  const user = await getUserByEmail({ email });
  const valid = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
  if (!user || !valid) {
    recordSignInFailure({ ...attempt, email });
    throw new AuthFailure("invalid_credentials");
  }
  clearSignInFailures({ ...attempt, email });
  const guestId = await currentGuestId();
  if (guestId) {
    const revoked = await moveGuestData({ guestId, userId: user.id });
    forgetVerifiedKeys(); // the guest's keys are revoked, and its row is gone
    await noteRevokedGuestKeys(revoked);
  }
  // No version bump: signing in here leaves this account's other devices signed in.
  return toAuthUser(user);
}

function oauthProviders(): Provider[] {
  const providers: Provider[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  }
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    providers.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }));
  }
  return providers;
}

export const oauthProviderIds = (): string[] => oauthProviders().map((p) => (typeof p === "function" ? p().id : p.id));

let config: NextAuthConfig | undefined;

// Built on first use, not at import: `next build` loads this module and must not need a secret.
export const { handlers, auth, signIn } = NextAuth(() => (config ??= {
  secret: authSecret(),
  // Auth.js may answer any host: where it redirects is decided by the redirect callback below
  // (AUTH_URL, else the request's own address; X-Forwarded-Host only with AUTH_TRUST_HOST).
  trustHost: true,
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      id: "credentials",
      name: "Email and password",
      credentials: { email: {}, password: {}, name: {}, mode: {} },
      async authorize(raw, request) {
        const email = typeof raw.email === "string" ? raw.email.trim().toLowerCase() : undefined;
        const attempt = { ip: clientIp(request.headers), email, cookies: request.headers.get("cookie") };
        if (signInWait(attempt)) throw new AuthFailure("rate_limited");
        return raw.mode === "sign-up" ? signUp(raw, attempt) : signInWithPassword(raw, attempt);
      },
    }),
    Credentials({
      id: "guest",
      name: "Guest",
      credentials: {},
      async authorize(_raw, request) {
        if ((await takeGuestSlot({ ip: clientIp(request.headers) })) > 0) throw new AuthFailure("rate_limited");
        return toAuthUser(await createGuestUser());
      },
    }),
    ...oauthProviders(),
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (account?.type !== "oauth" && account?.type !== "oidc") return true;
      const resolved = await resolveOAuthUser({
        profile: {
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          email: user.email,
          name: user.name,
          image: user.image,
        },
        guestId: await currentGuestId(),
      });
      if (resolved === "email_taken") return "/sign-in?error=OAuthAccountNotLinked";
      if (resolved.revokedGuestKeys > 0) forgetVerifiedKeys();
      await noteRevokedGuestKeys(resolved.revokedGuestKeys);
      // Auth.js builds the session from this same object: point it at our account.
      user.id = resolved.user.id;
      user.isGuest = false;
      user.sessionVersion = resolved.user.sessionVersion;
      return true;
    },
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.guest = user.isGuest ?? false;
        token.sv = user.sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub!;
      session.user.isGuest = token.guest === true;
      session.user.sessionVersion = tokenSessionVersion(token);
      return session;
    },
    async redirect({ url, baseUrl }) {
      return allowedRedirect(url, requestOrigin(await headers(), baseUrl));
    },
  },
  events: {
    // Sign-out ends every session of the account, a cookie copied elsewhere included.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (token?.sub) await bumpSessionVersion({ userId: token.sub, from: tokenSessionVersion(token) });
    },
  },
}));
