import { ConfigError, loadConfig } from './app-config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: 'redis://127.0.0.1:6379',
  ADMIN_API_KEY: 'a-long-enough-bootstrap-key',
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({ role: 'all', port: 3000, queuePrefix: 'convene', clock: 'system', webhookAllowPrivate: false });
    expect(config.smtpUrl).toBeUndefined();
  });

  it('names every missing or malformed variable on its own line', () => {
    let error: unknown;
    try {
      loadConfig({ REDIS_URL: 'http://nope', PORT: 'eighty', CONVENE_CLOCK: 'lunar' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Invalid configuration: DATABASE_URL is required',
        'Invalid configuration: ADMIN_API_KEY is required',
        expect.stringMatching(/^Invalid configuration: REDIS_URL must be a URL starting with redis:/),
        expect.stringMatching(/^Invalid configuration: PORT /),
        'Invalid configuration: CONVENE_CLOCK must be system or manual',
      ]),
    );
  });

  it('accepts a Redis Cluster hash-tag prefix', () => {
    expect(loadConfig({ ...base, QUEUE_PREFIX: '{convene}' }).queuePrefix).toBe('{convene}');
  });
});
