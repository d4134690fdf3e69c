import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { LocalRedisCluster, redisServerProgram, startRedisCluster } from '../src/cli/private-servers';
import { connected, mastersOf, openRedis } from '../src/platform/messaging/redis-connection';
import { deleteKeysWithPrefix } from '../src/platform/messaging/redis-keys';
import { createModelSeries } from './support/fixtures';
import { MailSink } from './support/mail-sink';
import { ApiClient, MailDeployment, TestEnvironment, startMailDeployment, waitFor } from './support/test-app';

const PUBLIC_BASE_URL = 'https://convene.test';
const INVITEES = 12;

// The service on three local masters; only a machine without redis-server skips it.
const describeOnCluster = redisServerProgram() ? describe : describe.skip;
const title = redisServerProgram() ? 'on a Redis Cluster' : 'on a Redis Cluster (skipped: redis-server is not installed; apt-get install redis-server)';

describeOnCluster(title, () => {
  let cluster: LocalRedisCluster;
  let world: MailDeployment;
  let env: TestEnvironment;
  let sink: MailSink;
  let api: ApiClient;
  let db: Client;
  let queuePrefix: string;

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    queuePrefix = `{c${randomBytes(5).toString('hex')}}`;
    world = await startMailDeployment({ env: { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodes, QUEUE_PREFIX: queuePrefix, PUBLIC_BASE_URL } });
    ({ env, sink, api, db } = world);
  });

  afterAll(async () => {
    await world?.teardown();
    await cluster?.stop();
  });

  it('refuses to start on a cluster with a queue prefix that has no hash tag', () => {
    expect(() => env.config({ QUEUE_PREFIX: 'convene' })).toThrow(/QUEUE_PREFIX must carry a hash tag in braces on a Redis Cluster/);
  });

  it('sends a wave through its queues, every invitation once, records an answer and reports Redis healthy', async () => {
    const { regionals } = await createModelSeries(api);
    const vienna = regionals.find((c: any) => c.city === 'Vienna');
    const contacts = Array.from({ length: INVITEES }, (_, i) => ({ email: `mission${i}@example.org`, fullName: `Delegate ${i}`, stakeholderType: 'member_state', country: 'AT', language: 'en' }));
    expect((await api.post('/api/contacts/import', contacts)).status).toBe(200);
    const wave = await api.post(`/api/conferences/${vienna.id}/waves`, { name: 'Everyone', audience: { stakeholderTypes: ['member_state'] } });
    expect(wave.body.audienceSize).toBe(INVITEES);
    expect((await api.post(`/api/waves/${wave.body.id}/dispatch`)).status).toBe(202);

    const done = await waitFor(async () => {
      const current = await api.get(`/api/waves/${wave.body.id}`);
      return current.body.state === 'completed' ? current.body : null;
    }, 'the wave to complete', 20_000);
    expect(done.counts).toMatchObject({ targeted: INVITEES, sent: INVITEES, failed: 0 });
    await sink.waitForCount(INVITEES);
    const recipients = sink.messages.map((m) => m.envelope.to[0]).sort();
    expect(recipients).toEqual(contacts.map((c) => c.email).sort());

    // The answer goes through the RSVP rate limit, counted on the cluster, and its events through the queues.
    const [first] = sink.messagesTo('mission0@example.org');
    const token = /https:\/\/convene\.test\/rsvp\/([A-Za-z0-9_-]{43})/.exec(String(first.text))?.[1];
    expect(token).toBeDefined();
    expect((await api.as(null).post(`/rsvp/${token}`, { response: 'decline' })).status).toBe(200);
    const { rows } = await db.query(`SELECT i.response FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE c.email = 'mission0@example.org'`);
    expect(rows).toEqual([{ response: 'declined' }]);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'rsvp.declined' AND handled_at IS NOT NULL`)).rows[0].n === 1, 'the answer\'s event handled');

    const health = await api.get('/health');
    expect(health.status).toBe(200);
    expect(health.body.details.redis.status).toBe('up');

    const redis = openRedis(cluster.target, { lazyConnect: true });
    try {
      await connected(redis);
      const counters = await Promise.all(mastersOf(redis).map((node) => node.keys(`${queuePrefix}:rate-limit:rsvp:*`)));
      expect(counters.flat()).not.toHaveLength(0);
    } finally {
      redis.disconnect();
    }
  });

  it('deletes a prefix\'s keys from every master', async () => {
    const redis = openRedis(cluster.target, { lazyConnect: true });
    try {
      await connected(redis);
      const prefix = `scan-${randomBytes(4).toString('hex')}:`;
      for (let i = 0; i < 60; i++) await redis.set(`${prefix}${i}`, '1');
      const perMaster = async () => Promise.all(mastersOf(redis).map(async (node) => (await node.keys(`${prefix}*`)).length));
      const before = await perMaster();
      expect(before.filter((n) => n > 0)).toHaveLength(3);
      await deleteKeysWithPrefix(cluster.target, prefix);
      expect(await perMaster()).toEqual([0, 0, 0]);
    } finally {
      redis.disconnect();
    }
  });
});
