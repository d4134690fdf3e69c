import { Client } from 'pg';
import IORedis from 'ioredis';
import { answers, ensureServers, freePort } from './private-servers';

describe('ensureServers', () => {
  it('starts a private PostgreSQL and Redis when nothing answers on the defaults, and stops them', async () => {
    const nowhere = { postgresUrl: `postgres://postgres@127.0.0.1:${await freePort()}/postgres`, redisUrl: `redis://127.0.0.1:${await freePort()}` };
    const servers = await ensureServers({ postgresUrl: null, redisUrl: null }, nowhere);
    try {
      expect(servers.started).toHaveLength(2);
      expect(servers.postgresUrl).not.toBe(nowhere.postgresUrl);
      const client = new Client({ connectionString: servers.postgresUrl });
      await client.connect();
      expect((await client.query('SELECT 1 + 1 AS n')).rows[0].n).toBe(2);
      await client.end();
      const redis = new IORedis(servers.redisUrl);
      expect(await redis.ping()).toBe('PONG');
      redis.disconnect();
    } finally {
      await servers.stop();
    }
    expect(await answers(servers.postgresUrl, 5432)).toBe(false);
    expect(await answers(servers.redisUrl, 6379)).toBe(false);
  }, 60_000);

  it('uses the addresses the user named as they are, without starting anything', async () => {
    const named = { postgresUrl: 'postgres://postgres@127.0.0.1:1/postgres', redisUrl: 'redis://127.0.0.1:1' };
    const servers = await ensureServers(named);
    expect(servers).toMatchObject({ ...named, started: [] });
  });
});
