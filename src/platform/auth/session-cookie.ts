/** The browser pages' session: after signing in, the cookie holds a random session id, never the key. */
export const SESSION_COOKIE = 'convene_session';

/**
 * Writes authenticated by the session cookie must carry this header. SameSite=Strict already keeps
 * the cookie off cross-site requests; the header is a second lock, because a plain HTML form on
 * another site cannot set a custom header, and a script there would need a CORS grant it never gets.
 */
export const DASHBOARD_REQUEST_HEADER = 'x-requested-with';
export const DASHBOARD_REQUEST_VALUE = 'convene-dashboard';

export interface CredentialRequest {
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
}

export type PresentedCredential = { via: 'bearer'; key: string } | { via: 'session'; sessionId: string } | { via: 'malformed' } | null;

/**
 * What a request presents: an API key, or a browser session's id. An Authorization header always
 * wins: a malformed one is an error of its own, never silently replaced by a cookie the client may
 * not know it sent.
 */
export function presentedCredential(request: CredentialRequest): PresentedCredential {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization !== '') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match ? { via: 'bearer', key: match[1] } : { via: 'malformed' };
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { via: 'session', sessionId: cookie } : null;
}

export const carriesDashboardHeader = (request: CredentialRequest) => request.headers[DASHBOARD_REQUEST_HEADER] === DASHBOARD_REQUEST_VALUE;

/**
 * Whether a request comes from a page of this site, by the Origin browsers send on every post. A
 * sign-in form may arrive without one (a client that is not a browser): `missing` says how to take that.
 */
export function fromThisSite(request: { headers: CredentialRequest['headers']; host: string }, missing: 'allow' | 'refuse'): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return missing === 'allow';
  try {
    // request.host honours X-Forwarded-Host only behind a trusted proxy.
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}
