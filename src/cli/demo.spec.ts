import { checkRedis, demoClusterNodes, demoRedisEnv, parseDemoArgs } from './demo';
import { freePort } from './private-servers';

describe('parseDemoArgs', () => {
  it('takes --fast, --keep and --seed N, and refuses anything else with the reason', () => {
    expect(parseDemoArgs([])).toEqual({});
    expect(parseDemoArgs(['--fast', '--seed', '7', '--keep'])).toEqual({ fast: true, seed: 7, keep: true });
    expect(parseDemoArgs(['--seed=12'])).toEqual({ seed: 12 });
    expect(() => parseDemoArgs(['--seed'])).toThrow('--seed needs a whole number, not nothing.');
    expect(() => parseDemoArgs(['--seed', 'x'])).toThrow('--seed needs a whole number, not x.');
    expect(() => parseDemoArgs(['--slow'])).toThrow('Unknown option --slow; the demo takes --fast, --keep and --seed N.');
  });
});

describe('the demo on a Redis Cluster', () => {
  it('hands the service REDIS_CLUSTER_NODES and a hash-tagged prefix, and one server its URL and a plain prefix', () => {
    expect(demoRedisEnv(demoClusterNodes({ REDIS_CLUSTER_NODES: '127.0.0.1:7000, 127.0.0.1:7001' }), 'redis://unused', 'ab12')).toEqual({ REDIS_CLUSTER_NODES: '127.0.0.1:7000, 127.0.0.1:7001', QUEUE_PREFIX: '{convene-demo-ab12}' });
    expect(demoRedisEnv(demoClusterNodes({ REDIS_URL: 'redis://127.0.0.1:6379' }), 'redis://127.0.0.1:6379', 'ab12')).toEqual({ REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: 'convene-demo-ab12' });
    expect(() => demoClusterNodes({ REDIS_CLUSTER_NODES: 'nowhere' })).toThrow('REDIS_CLUSTER_NODES must be a comma-separated list of host:port');
    expect(() => demoClusterNodes({ REDIS_CLUSTER_NODES: '127.0.0.1:7000', REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow('REDIS_URL and REDIS_CLUSTER_NODES are both set');
  });

  it('opens the cluster through the service factory and says which nodes it could not reach', async () => {
    const port = await freePort();
    await expect(checkRedis({ clusterNodes: [{ host: '127.0.0.1', port }] })).rejects.toThrow(`The Redis Cluster is not reachable at 127.0.0.1:${port}`);
  });
});
