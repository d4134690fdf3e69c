import IORedis from 'ioredis';
import { REDIS_URL } from './support/databases';
import { ApiClient, TestEnvironment, createTestEnvironment } from './support/test-app';

describe('the RSVP and feedback rate limits', () => {
  let env: TestEnvironment;
  let direct: ApiClient;
  let first: ApiClient;
  let second: ApiClient;

  const unknownLink = (client: ApiClient, headers: Record<string, string> = {}) => client.as(null).get(`/rsvp/${'x'.repeat(43)}`, { accept: 'application/json', ...headers });

  beforeAll(async () => {
    env = await createTestEnvironment({ RSVP_RATE_LIMIT: '3', FEEDBACK_RATE_LIMIT: '2', APP_ROLE: 'api' });
    ({ api: direct } = await env.startHttp());
    // Two API processes behind a proxy on this machine.
    ({ api: first } = await env.startHttp({ TRUSTED_PROXIES: '127.0.0.1' }));
    ({ api: second } = await env.startHttp({ TRUSTED_PROXIES: '127.0.0.1' }));
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('is not reset by a made-up X-Forwarded-For, and refuses in a sentence with Retry-After', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await unknownLink(direct, { 'x-forwarded-for': `198.51.100.${i}` })).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const refused = await unknownLink(direct, { 'x-forwarded-for': '198.51.100.200' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^Too many requests from your address \(more than 3 a minute\); try again in \d+ seconds\.$/),
    });
    expect(refused.text).not.toContain('Throttler');
  });

  it('is one limit shared by every API process, counted per client behind a trusted proxy', async () => {
    const client = { 'x-forwarded-for': '203.0.113.5' };
    expect((await unknownLink(first, client)).status).toBe(404);
    expect((await unknownLink(second, client)).status).toBe(404);
    expect((await unknownLink(first, client)).status).toBe(404);
    expect((await unknownLink(second, client)).status).toBe(429);
    expect((await unknownLink(first, client)).status).toBe(429);
    // Addresses the client put in front of the proxy's own are not believed: the proxy saw 203.0.113.5.
    expect((await unknownLink(first, { 'x-forwarded-for': '192.0.2.77, 203.0.113.5' })).status).toBe(429);
    // Another client behind the same proxy has its own count.
    expect((await unknownLink(second, { 'x-forwarded-for': '203.0.113.6' })).status).toBe(404);
  });

  it('gives /feedback a limit of its own, with Retry-After and a sentence', async () => {
    const unknownFeedback = (client: ApiClient, headers: Record<string, string> = {}) => client.as(null).get(`/feedback/${'y'.repeat(43)}`, { accept: 'application/json', ...headers });
    // This address used up its RSVP allowance in the first test; the feedback link counts apart.
    expect((await unknownLink(direct)).status).toBe(429);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await unknownFeedback(direct)).status);
    expect(statuses).toEqual([404, 404, 429]);
    const refused = await unknownFeedback(direct);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^Too many requests from your address \(more than 2 a minute\); try again in \d+ seconds\.$/),
    });
    // Answering (POST) counts against the same allowance, and every API process shares it.
    expect((await first.as(null).post(`/feedback/${'y'.repeat(43)}`, { rating: 4 }, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(404);
    expect((await second.as(null).get(`/feedback/${'y'.repeat(43)}`, { accept: 'application/json', 'x-forwarded-for': '203.0.113.9' })).status).toBe(404);
    expect((await first.as(null).get(`/feedback/${'y'.repeat(43)}`, { accept: 'application/json', 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
    const redis = new IORedis(REDIS_URL);
    try {
      const keys = (await redis.keys(`${env.queuePrefix}:rate-limit:feedback:*`)).filter((key) => key.includes('203.0.113.9'));
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });

  it('keeps its counters under QUEUE_PREFIX', async () => {
    const redis = new IORedis(REDIS_URL);
    try {
      const keys = await redis.keys(`*rate-limit*`);
      const ours = keys.filter((key) => key.includes('203.0.113.5'));
      expect(ours.length).toBeGreaterThan(0);
      for (const key of ours) expect(key.startsWith(`${env.queuePrefix}:rate-limit:rsvp:`)).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});
