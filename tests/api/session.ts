import { appUrl } from "./helpers";

/**
 * A browser's worth of cookies for API tests: every request carries them and every answer's
 * Set-Cookie updates them. Redirects are not followed, so tests can see them.
 */
export class Session {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string = appUrl()) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  has(name: RegExp): boolean {
    return [...this.cookies.keys()].some((k) => name.test(k));
  }

  private store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader());
    const res = await fetch(`${this.base}${path}`, { redirect: "manual", ...init, headers });
    this.store(res);
    return res;
  }

  json(path: string, body?: unknown, init: RequestInit = {}): Promise<Response> {
    return this.fetch(path, {
      method: body === undefined ? "GET" : "POST",
      ...init,
      headers: { ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...(init.headers as Record<string, string>) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** What next-auth/react's signIn() does: fetch a CSRF token, then post the form. */
  async authPost(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const { csrfToken } = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    return this.fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1", ...headers },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${this.base}/`, ...fields }),
    });
  }
}

export interface AuthOutcome {
  status: number;
  /** Auth.js's `?code=` on a refused attempt. */
  code?: string;
  signedIn: boolean;
}

async function outcome(session: Session, res: Response): Promise<AuthOutcome> {
  const body = (await res.json()) as { url?: string };
  const url = body.url ? new URL(body.url) : undefined;
  const code = url?.searchParams.get("code") ?? (url?.searchParams.get("error") ? "error" : undefined);
  return { status: res.status, code: code ?? undefined, signedIn: session.has(/session-token/) };
}

export async function signUp(session: Session, fields: { email: string; password: string; name?: string }, headers?: Record<string, string>) {
  return outcome(session, await session.authPost("/api/auth/callback/credentials", { ...fields, mode: "sign-up" }, headers));
}

export async function signIn(session: Session, fields: { email: string; password: string }, headers?: Record<string, string>) {
  return outcome(session, await session.authPost("/api/auth/callback/credentials", { ...fields, mode: "sign-in" }, headers));
}

export async function signOut(session: Session): Promise<Response> {
  return session.authPost("/api/auth/signout", {});
}

/** Visits the app with no cookie: the server makes a guest account and signs it in. */
export async function guestSession(base?: string, headers?: Record<string, string>): Promise<Session> {
  const session = new Session(base);
  const res = await session.fetch("/api/auth/guest?redirect=/", { headers });
  if (res.status >= 400 || !session.has(/session-token/)) throw new Error(`guest sign-in failed: ${res.status}`);
  return session;
}

export const uniqueEmail = (name = "writer") => `${name}-${Math.random().toString(36).slice(2, 10)}@example.test`;
export const testPassword = "correct horse battery staple";

/** A registered user, signed in. */
export async function registeredSession(base?: string): Promise<{ session: Session; email: string }> {
  const session = new Session(base);
  const email = uniqueEmail();
  const result = await signUp(session, { email, password: testPassword });
  if (!result.signedIn) throw new Error(`sign-up failed: ${JSON.stringify(result)}`);
  return { session, email };
}
