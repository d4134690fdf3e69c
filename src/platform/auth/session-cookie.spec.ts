import { SESSION_COOKIE, carriesDashboardHeader, presentedKey } from './session-cookie';

describe('presentedKey', () => {
  it('takes the bearer key first, then the dashboard session cookie', () => {
    expect(presentedKey({ headers: { authorization: 'Bearer abc' }, cookies: { [SESSION_COOKIE]: 'def' } })).toEqual({ via: 'bearer', key: 'abc' });
    expect(presentedKey({ headers: {}, cookies: { [SESSION_COOKIE]: 'def' } })).toEqual({ via: 'session', key: 'def' });
    expect(presentedKey({ headers: {}, cookies: {} })).toBeNull();
    expect(presentedKey({ headers: {} })).toBeNull();
  });

  it('never falls back to the cookie behind a malformed Authorization header', () => {
    expect(presentedKey({ headers: { authorization: 'Basic abc' }, cookies: { [SESSION_COOKIE]: 'def' } })).toEqual({ via: 'malformed' });
  });

  it('recognises the dashboard header only with its exact value', () => {
    expect(carriesDashboardHeader({ headers: { 'x-requested-with': 'convene-dashboard' } })).toBe(true);
    expect(carriesDashboardHeader({ headers: { 'x-requested-with': 'XMLHttpRequest' } })).toBe(false);
    expect(carriesDashboardHeader({ headers: {} })).toBe(false);
  });
});
