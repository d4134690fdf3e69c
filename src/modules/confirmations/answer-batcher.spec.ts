import { preparedRows } from '../../platform/database/prepared';
import { AnswerBatcher } from './answer-batcher';
import type { AnswerOutcome, OpenedInvitation, RsvpService } from './rsvp.service';

// The batch's one write statement; the rest of the database is the fakes below.
jest.mock('../../platform/database/prepared', () => ({ preparedRows: jest.fn() }));
const preparedRowsMock = preparedRows as jest.MockedFunction<(...args: any[]) => Promise<unknown[]>>;

/** Collaborators of the batcher reduced to what the batch path calls; `transaction` runs (or refuses) the batch's work. */
function batcherWith(transaction: (work: (manager: unknown) => Promise<unknown>) => Promise<unknown>, places: Record<string, unknown> = {}) {
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
    {
      layOut: () => Promise.resolve(0),
      claimInTurn: (_m: unknown, _c: string, _cap: number, parties: Array<{ invitationId: string }>) => Promise.resolve(new Set(parties.map((p) => p.invitationId))),
      // Places are claimed before the write unless a test says the conference had room.
      hadRoom: () => false,
      noteRoom: () => undefined,
      claimPart: () => ({ with: [], values: [] }),
      ...places,
    } as never,
    { enrolPart: (parties: unknown[]) => ({ part: null, rosters: parties.map(() => ({ members: [], confirmed: [], cancelled: [], updated: [] })) }) } as never,
    { nextRanks: (_m: unknown, _c: string, count: number) => Promise.resolve(Array.from({ length: count }, (_, i) => String(i + 1))), positionOf: () => Promise.resolve(1) } as never,
    { recordResponsesPart: () => ({ with: [], values: [] }) } as never,
    { committed: () => undefined, recordPart: () => null } as never,
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

describe('AnswerBatcher taking places in its write statement', () => {
  it('takes them there while the conference had room, and claims them first, in a new transaction, when they ran short', async () => {
    const statements: Array<{ places: boolean }> = [];
    let placesFree = 3;
    preparedRowsMock.mockImplementation(async (_manager: unknown, text: string, values: unknown[]) => {
      const withPlaces = text.includes('places_taken');
      statements.push({ places: withPlaces });
      const parties = JSON.parse(values.find((v) => typeof v === 'string' && v.startsWith('[')) as string) as unknown[];
      const taken = withPlaces ? Math.min(placesFree, parties.length) : null;
      if (taken !== null) placesFree -= taken;
      return [{ parties: parties.length, responses: parties.length, places: taken }];
    });
    const claims: string[][] = [];
    let room = true;
    let transactions = 0;
    const { batcher, answeredAlone } = batcherWith(
      (work) => {
        transactions++;
        return work({});
      },
      {
        hadRoom: () => room,
        noteRoom: (_conferenceId: string, fitted: boolean) => (room = fitted),
        claimInTurn: (_m: unknown, _c: string, _cap: number, parties: Array<{ invitationId: string }>) => {
          claims.push(parties.map((p) => p.invitationId));
          return Promise.resolve(new Set(parties.slice(0, 1).map((p) => p.invitationId)));
        },
      },
    );
    const first = await Promise.all(['a', 'b'].map((token) => batcher.answer(token, { response: 'accept' } as never)));
    // Two parties of one, three places free: taken by the write itself, nothing claimed before.
    expect(first.map((o) => o.response)).toEqual(['accepted', 'accepted']);
    expect(statements).toEqual([{ places: true }]);
    expect(claims).toEqual([]);

    const second = await Promise.all(['c', 'd'].map((token) => batcher.answer(token, { response: 'accept' } as never)));
    // One place left for two parties: that write is rolled back, and a new transaction claims first, in order.
    expect(statements).toEqual([{ places: true }, { places: true }, { places: false }]);
    expect(claims).toEqual([['inv-c', 'inv-d']]);
    expect(second.map((o) => o.response)).toEqual(['accepted', 'waitlisted']);
    expect(transactions).toBe(3);
    expect(answeredAlone).toEqual([]);
    // Until a claim gives everyone places again, batches claim first.
    expect(room).toBe(false);
  });
});

describe('AnswerBatcher with two batches under way', () => {
  /** The write of the first batch fails as if another process had answered one of its invitations, once the second batch has taken its places. */
  it('rolls back the batch after one that rolled back once it had taken places; both are answered one by one, in arrival order', async () => {
    const claims: string[][] = [];
    let secondClaimed!: () => void;
    const secondHasClaimed = new Promise<void>((resolve) => (secondClaimed = resolve));
    const writes: number[] = [];
    preparedRowsMock.mockImplementation(async (_manager: unknown, _text: string, values: unknown[]) => {
      const batchNo = writes.push(1);
      if (batchNo === 1) {
        await secondHasClaimed;
        return [{ parties: 0, responses: 0 }];
      }
      const parties = JSON.parse(values.find((v) => typeof v === 'string' && v.startsWith('[')) as string) as unknown[];
      return [{ parties: parties.length, responses: parties.length }];
    });
    const { batcher, answeredAlone } = batcherWith((work) => work({}), {
      claimInTurn: (_m: unknown, _c: string, _cap: number, parties: Array<{ invitationId: string }>) => {
        claims.push(parties.map((p) => p.invitationId));
        if (claims.length === 2) secondClaimed();
        return Promise.resolve(new Set(parties.map((p) => p.invitationId)));
      },
    });
    const first = ['a', 'b'].map((token) => batcher.answer(token, { response: 'accept' } as never));
    await new Promise((resolve) => setImmediate(resolve));
    const second = ['c', 'd'].map((token) => batcher.answer(token, { response: 'accept' } as never));
    const outcomes = await Promise.all([...first, ...second]);

    expect(claims).toEqual([
      ['inv-a', 'inv-b'],
      ['inv-c', 'inv-d'],
    ]);
    // The second batch wrote after the first one's write, then saw it roll back before its own commit.
    expect(writes).toHaveLength(2);
    expect(answeredAlone).toEqual(['a', 'b', 'c', 'd']);
    expect(outcomes.map((o) => o.response)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
  });

  it('writes after the batch before wrote, while it commits, and commits only after it', async () => {
    const steps: string[] = [];
    let releaseFirstCommit!: () => void;
    const firstCommit = new Promise<void>((resolve) => (releaseFirstCommit = resolve));
    preparedRowsMock.mockImplementation(async (_manager: unknown, _text: string, values: unknown[]) => {
      const parties = JSON.parse(values.find((v) => typeof v === 'string' && v.startsWith('[')) as string) as Array<{ invitation_id: string }>;
      steps.push(`write ${parties.map((p) => p.invitation_id).join()}`);
      return [{ parties: parties.length, responses: parties.length }];
    });
    let transactions = 0;
    const { batcher } = batcherWith(async (work) => {
      const transaction = ++transactions;
      const result = await work({});
      if (transaction === 1) await firstCommit;
      steps.push(`commit ${transaction}`);
      return result;
    });
    const first = batcher.answer('a', { response: 'accept' } as never);
    await new Promise((resolve) => setImmediate(resolve));
    const second = batcher.answer('b', { response: 'accept' } as never);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(steps).toEqual(['write inv-a', 'write inv-b']);
    releaseFirstCommit();
    await Promise.all([first, second]);
    expect(steps).toEqual(['write inv-a', 'write inv-b', 'commit 1', 'commit 2']);
  });

  it('records an answer whose link the batch before is still recording on its own, after that batch', async () => {
    let releaseFirst!: () => void;
    const firstWrites = new Promise<void>((resolve) => (releaseFirst = resolve));
    const written: string[][] = [];
    preparedRowsMock.mockImplementation(async (_manager: unknown, _text: string, values: unknown[]) => {
      const parties = JSON.parse(values.find((v) => typeof v === 'string' && v.startsWith('[')) as string) as Array<{ invitation_id: string }>;
      if (written.push(parties.map((p) => p.invitation_id)) === 1) await firstWrites;
      return [{ parties: parties.length, responses: parties.length }];
    });
    const { batcher, answeredAlone } = batcherWith((work) => work({}));
    const first = batcher.answer('a', { response: 'accept' } as never);
    await new Promise((resolve) => setImmediate(resolve));
    const again = batcher.answer('a', { response: 'decline' } as never);
    const other = batcher.answer('b', { response: 'accept' } as never);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answeredAlone).toEqual([]);
    releaseFirst();
    await Promise.all([first, again, other]);
    expect(written).toEqual([['inv-a'], ['inv-b']]);
    expect(answeredAlone).toEqual(['a']);
  });
});
