import { SESSION_COOKIE, carriesDashboardHeader, presentedCredential } from './session-cookie';

describe('presentedCredential', () => {
  it('takes the bearer key first, then the session id in the cookie', () => {
    expect(presentedCredential({ headers: { authorization: 'Bearer abc' }, cookies: { [SESSION_COOKIE]: 'def' } })).toEqual({ via: 'bearer', key: 'abc' });
    expect(presentedCredential({ headers: {}, cookies: { [SESSION_COOKIE]: 'def' } })).toEqual({ via: 'session', sessionId: 'def' });
    expect(presentedCredential({ headers: {}, cookies: {} })).toBeNull();
    expect(presentedCredential({ headers: {} })).toBeNull();
  });

  it('never falls back to the cookie behind a malformed Authorization header', () => {
    expect(presentedCredential({ headers: { authorization: 'Basic abc' }, cookies: { [SESSION_COOKIE]: 'def' } })).toEqual({ via: 'malformed' });
  });

  it('recognises the dashboard header only with its exact value', () => {
    expect(carriesDashboardHeader({ headers: { 'x-requested-with': 'convene-dashboard' } })).toBe(true);
    expect(carriesDashboardHeader({ headers: { 'x-requested-with': 'XMLHttpRequest' } })).toBe(false);
    expect(carriesDashboardHeader({ headers: {} })).toBe(false);
  });
});
