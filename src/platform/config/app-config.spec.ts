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

  it('points invitees\' links at this service on its own port unless PUBLIC_BASE_URL says otherwise', () => {
    expect(loadConfig(base).publicBaseUrl).toBe('http://localhost:3000');
    expect(loadConfig({ ...base, PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ ...base, PORT: '8080', PUBLIC_BASE_URL: 'https://convene.example.org/' }).publicBaseUrl).toBe('https://convene.example.org');
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

  it('connects to one Redis by REDIS_URL, or to a Redis Cluster by REDIS_CLUSTER_NODES', () => {
    expect(loadConfig(base).redis).toEqual({ url: 'redis://127.0.0.1:6379' });
    const cluster = { ...base, REDIS_URL: undefined, REDIS_CLUSTER_NODES: 'redis-a:7000, 10.0.0.2:7001,[fd00::7]:7002', QUEUE_PREFIX: '{convene}' };
    expect(loadConfig(cluster).redis).toEqual({
      clusterNodes: [
        { host: 'redis-a', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: 'fd00::7', port: 7002 },
      ],
    });
  });

  it('refuses a cluster node that is not host:port, neither or both Redis settings, and a cluster prefix without a hash tag', () => {
    const cluster = { ...base, REDIS_URL: undefined, QUEUE_PREFIX: '{convene}' };
    for (const bad of ['redis-a', 'redis-a:0', 'redis-a:70000', 'redis://redis-a:7000', ',']) {
      expect(() => loadConfig({ ...cluster, REDIS_CLUSTER_NODES: bad })).toThrow(/^Invalid configuration: REDIS_CLUSTER_NODES must be a comma-separated list of host:port/);
    }
    expect(() => loadConfig({ ...base, REDIS_URL: undefined })).toThrow('Invalid configuration: REDIS_URL is required (or REDIS_CLUSTER_NODES for a Redis Cluster)');
    expect(() => loadConfig({ ...base, REDIS_CLUSTER_NODES: 'redis-a:7000', QUEUE_PREFIX: '{convene}' })).toThrow(/^Invalid configuration: REDIS_CLUSTER_NODES and REDIS_URL are both set/);
    for (const untagged of ['convene', '{}convene', 'convene}{']) {
      expect(() => loadConfig({ ...cluster, REDIS_CLUSTER_NODES: 'redis-a:7000', QUEUE_PREFIX: untagged })).toThrow(
        /^Invalid configuration: QUEUE_PREFIX must carry a hash tag in braces on a Redis Cluster, e.g. \{convene\}/,
      );
    }
    expect(loadConfig({ ...cluster, REDIS_CLUSTER_NODES: 'redis-a:7000', QUEUE_PREFIX: 'eu-{convene}' }).queuePrefix).toBe('eu-{convene}');
  });

  it('names a missing Redis beside the other problems', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/Invalid configuration: REDIS_URL is required/);
  });

  it('trusts no proxy by default, and a list of addresses and CIDR blocks when given', () => {
    expect(loadConfig(base).trustedProxies).toEqual([]);
    expect(loadConfig({ ...base, TRUSTED_PROXIES: '10.0.0.7, 10.1.0.0/16,fd00::/8' }).trustedProxies).toEqual(['10.0.0.7', '10.1.0.0/16', 'fd00::/8']);
    for (const bad of ['10.0.0.300', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/8', '::1/129']) {
      expect(() => loadConfig({ ...base, TRUSTED_PROXIES: bad })).toThrow(/^Invalid configuration: TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR blocks/);
    }
  });

  it('ends browser sessions after 30 idle minutes and 12 hours by default, as configured otherwise', () => {
    expect(loadConfig(base)).toMatchObject({ sessionIdleMs: 30 * 60_000, sessionMaxMs: 12 * 3_600_000 });
    expect(loadConfig({ ...base, SESSION_IDLE_MINUTES: '5', SESSION_MAX_HOURS: '1' })).toMatchObject({ sessionIdleMs: 5 * 60_000, sessionMaxMs: 3_600_000 });
    expect(() => loadConfig({ ...base, SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
  });

  it('keeps delivered webhook deliveries 30 days by default, and refuses a period that is not a whole number of days', () => {
    expect(loadConfig(base).webhookRetentionMs).toBe(30 * 86_400_000);
    expect(loadConfig({ ...base, WEBHOOK_RETENTION_DAYS: '7' }).webhookRetentionMs).toBe(7 * 86_400_000);
    for (const bad of ['0', '1.5', 'month']) {
      expect(() => loadConfig({ ...base, WEBHOOK_RETENTION_DAYS: bad })).toThrow(/^Invalid configuration: WEBHOOK_RETENTION_DAYS must be/);
    }
  });
});
