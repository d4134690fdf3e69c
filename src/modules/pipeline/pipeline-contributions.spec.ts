import { Logger } from '@nestjs/common';
import { PipelineContributions } from './pipeline-contributions';

describe('PipelineContributions', () => {
  // A failing contribution is logged as a warning; one test makes one fail on purpose.
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));

  it('adds the counts of every funnel source and fills what nobody counts with 0', async () => {
    const contributions = new PipelineContributions();
    contributions.registerFunnel({ name: 'invitations', countsFor: async () => new Map([['a', { invited: 10, sent: 9, accepted: 4 }]]) });
    contributions.registerFunnel({ name: 'check-in', countsFor: async () => new Map([['a', { attended: 3, accepted: 1 }], ['elsewhere', { invited: 99 }]]) });
    const { byConference, unavailable } = await contributions.countsFor(['a', 'b']);
    expect(byConference.get('a')).toEqual({ invited: 10, sent: 9, failed: 0, accepted: 5, declined: 0, waitlisted: 0, noAnswer: 0, attended: 3 });
    expect(byConference.get('b')).toEqual({ invited: 0, sent: 0, failed: 0, accepted: 0, declined: 0, waitlisted: 0, noAnswer: 0, attended: 0 });
    // Only the conferences asked about are answered.
    expect([...byConference.keys()]).toEqual(['a', 'b']);
    expect(unavailable).toEqual([]);
  });

  it('ignores numbers that are not numbers', async () => {
    const contributions = new PipelineContributions();
    contributions.registerFunnel({ name: 'odd', countsFor: async () => new Map([['a', { invited: Number.NaN, sent: '3' as unknown as number, declined: 2 }]]) });
    const { byConference } = await contributions.countsFor(['a']);
    expect(byConference.get('a')).toMatchObject({ invited: 0, sent: 0, declined: 2 });
  });

  it('gathers overdue items of every source', async () => {
    const contributions = new PipelineContributions();
    const now = new Date('2030-01-01T00:00:00Z');
    const asked: Date[] = [];
    contributions.registerOverdue({
      name: 'reminders',
      overdueFor: async (_ids, at) => {
        asked.push(at);
        return new Map([['a', [{ kind: 'reminder_step', message: 'The 7-day reminder is late.' }]]]);
      },
    });
    contributions.registerOverdue({ name: 'logistics', overdueFor: async () => new Map([['a', [{ kind: 'logistics_task', message: 'Book interpreters.', since: '2029-12-30' }]]]) });
    const { byConference } = await contributions.overdueFor(['a', 'b'], now);
    expect(byConference.get('a')!.map((i) => i.kind)).toEqual(['reminder_step', 'logistics_task']);
    expect(byConference.get('b')).toEqual([]);
    expect(asked).toEqual([now]);
  });

  it('answers without a source that fails, and names it', async () => {
    const contributions = new PipelineContributions();
    contributions.registerFunnel({ name: 'broken', countsFor: async () => Promise.reject(new Error('relation does not exist')) });
    contributions.registerFunnel({ name: 'fine', countsFor: async () => new Map([['a', { invited: 1 }]]) });
    const { byConference, unavailable } = await contributions.countsFor(['a']);
    expect(byConference.get('a')!.invited).toBe(1);
    expect(unavailable).toEqual(['broken']);
  });

  it('refuses two sources with one name', () => {
    const contributions = new PipelineContributions();
    const source = { name: 'invitations', countsFor: async () => new Map() };
    contributions.registerFunnel(source);
    expect(() => contributions.registerFunnel(source)).toThrow(/registered twice/);
  });
});
