import { AnswerBatcher } from './answer-batcher';
import type { AnswerOutcome, OpenedInvitation, RsvpService } from './rsvp.service';

/** Collaborators of the batcher reduced to what the batch path calls; the database is a transaction that fails. */
function batcherWith(transaction: () => Promise<unknown>) {
  const conference = { id: 'conf-1', state: 'inviting', capacity: 100, delegationQuota: 2, updatedAt: new Date(0).toISOString(), rsvpDeadline: null };
  const opened = (token: string): OpenedInvitation | null =>
    token.startsWith('unknown')
      ? null
      : ({
          invitation: { id: `inv-${token}`, conferenceId: conference.id, contactId: `contact-${token}`, response: 'none' },
          conference,
          contact: { id: `contact-${token}`, email: `${token}@mission.example`, fullName: token, stakeholderType: 'member_state' },
          language: 'en',
        } as unknown as OpenedInvitation);
  const answeredAlone: string[] = [];
  const rsvp = {
    openMany: (tokens: string[]) => Promise.resolve(tokens.map(opened)),
    closedReason: () => null,
    answer: (token: string) => {
      answeredAlone.push(token);
      return Promise.resolve({ response: 'accepted', changed: true, version: 1 } as AnswerOutcome);
    },
  } as unknown as RsvpService;
  const batcher = new AnswerBatcher(
    { transaction } as never,
    rsvp,
    { layOut: () => Promise.resolve(0) } as never,
    {} as never,
    {} as never,
    {} as never,
    { committed: () => undefined } as never,
    { now: () => Promise.resolve(new Date()) } as never,
  );
  return { batcher, answeredAlone };
}

describe('AnswerBatcher', () => {
  it('retries every answer of a batch whose transaction failed on its own, so none is lost', async () => {
    let attempts = 0;
    const { batcher, answeredAlone } = batcherWith(() => {
      attempts++;
      return Promise.reject(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
    });
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((token) => batcher.answer(token, { response: 'accept' } as never)));
    expect(attempts).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(answeredAlone).toEqual(['a', 'b', 'c']);
  });

  it('answers an unknown link and an over-quota answer at once, without a transaction, beside the others', async () => {
    const { batcher } = batcherWith(() => Promise.reject(new Error('no database in this test')));
    const [unknown, overQuota] = await Promise.allSettled([
      batcher.answer('unknown-1', { response: 'accept' } as never),
      batcher.answer('d', { response: 'accept', delegates: [1, 2, 3].map((i) => ({ fullName: `D ${i}`, email: `d${i}@mission.example` })) } as never),
    ]);
    expect(unknown).toMatchObject({ status: 'rejected', reason: { code: 'rsvp_link_unknown' } });
    expect(overQuota).toMatchObject({ status: 'rejected', reason: { code: 'delegation_quota_exceeded' } });
  });

  it('waits at shutdown for the answers it has received', async () => {
    let release!: () => void;
    const { batcher, answeredAlone } = batcherWith(() => new Promise((_, reject) => (release = () => reject(new Error('rolled back')))));
    const pending = batcher.answer('late', { response: 'accept' } as never);
    const shutdown = batcher.beforeApplicationShutdown();
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await shutdown;
    expect(answeredAlone).toEqual(['late']);
    await expect(pending).resolves.toMatchObject({ response: 'accepted' });
  });
});
