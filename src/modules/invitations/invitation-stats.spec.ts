import { InvitationStats } from './invitation-stats';

describe('InvitationStats', () => {
  const stats = new InvitationStats({} as never);

  it('moves the response counters with the shard as a parameter, so the statement text is always the same', () => {
    const one = stats.responseMovesSql('responses_recorded', '$4');
    expect(stats.responseMovesSql('responses_recorded', '$4')).toBe(one);
    expect(one).toContain('$4::int');
    expect(one).toContain('FROM responses_recorded WHERE previous IS DISTINCT FROM response');
  });

  it('picks a shard among sixteen', () => {
    const shards = new Set(Array.from({ length: 500 }, () => stats.shardValue()));
    expect([...shards].every((s) => Number.isInteger(s) && s >= 0 && s < 16)).toBe(true);
    expect(shards.size).toBeGreaterThan(1);
  });
});
