import { Logger } from '@nestjs/common';
import { preparedRows } from '../../platform/database/prepared';
import type { AnswerOutcome } from './answer-planner';
import { AnswerRecorder } from './answer-recorder';
import { AnswersService } from './answers.service';
import type { OpenedInvitation } from './rsvp-links';

// A rolled-back batch is logged as a warning; these tests roll batches back on purpose.
beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));

// The batch's one write statement; the rest of the database is the fakes below.
jest.mock('../../platform/database/prepared', () => ({ preparedRows: jest.fn() }));
const preparedRowsMock = preparedRows as jest.MockedFunction<(...args: any[]) => Promise<unknown[]>>;

/** Collaborators of the answer path reduced to what the batch path calls; `transaction` runs (or refuses) the batch's work. */
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
  const ledger = {
    layOut: () => Promise.resolve(0),
    release: () => Promise.resolve(0),
    claimInTurn: (_m: unknown, _c: string, _cap: number, parties: Array<{ invitationId: string }>) => Promise.resolve(new Set(parties.map((p) => p.invitationId))),
    // Claims first unless a test lets the write take the places.
    hadRoom: () => false,
    noteRoom: () => undefined,
    claimPart: () => ({ with: [], values: [], yields: 'places_taken' }),
    ...places,
  };
  const parties = { createPart: (rows: unknown[]) => ({ with: [], values: [JSON.stringify((rows as Array<{ answer: { invitationId: string } }>).map((r) => ({ invitation_id: r.answer.invitationId })))], yields: 'parties_created' }) };
  const outbox = { committed: () => undefined, recordPart: () => null };
  const recorder = new AnswerRecorder(
    parties as never,
    ledger as never,
    { nextRanks: (_m: unknown, _c: string, count: number) => Promise.resolve(Array.from({ length: count }, (_, i) => String(i + 1))), positionOf: () => Promise.resolve(1) } as never,
    {} as never,
    { writePart: () => null, lockMembers: () => Promise.resolve(new Map()) } as never,
    { recordResponsesPart: () => ({ with: [], values: [], yields: 'responses_recorded' }) } as never,
    outbox as never,
  );
  const batcher = new AnswersService(
    { transaction } as never,
    { openMany: (tokens: string[]) => Promise.resolve(tokens.map(opened)) } as never,
    recorder,
    parties as never,
    ledger as never,
    outbox as never,
    { now: () => Promise.resolve(new Date()) } as never,
  );
  // The one-by-one path has its own transaction and tests; here it only says which answers took it.
  jest.spyOn(batcher as unknown as { answerAlone: (token: string) => Promise<AnswerOutcome> }, 'answerAlone').mockImplementation((token: string) => {
    answeredAlone.push(token);
    return Promise.resolve({ response: 'accepted', changed: true, version: 1 } as AnswerOutcome);
  });
  return { batcher, answeredAlone };
}

describe('AnswersService in batches', () => {
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
    let writing!: () => void;
    const writeStarted = new Promise<void>((resolve) => (writing = resolve));
    const { batcher, answeredAlone } = batcherWith(
      () =>
        new Promise((_, reject) => {
          release = () => reject(new Error('rolled back'));
          writing();
        }),
    );
    const pending = batcher.answer('late', { response: 'accept' } as never);
    const shutdown = batcher.beforeApplicationShutdown();
    // Released only once the batch's write is under way, whatever the machine's load.
    await writeStarted;
    release();
    await shutdown;
    expect(answeredAlone).toEqual(['late']);
    await expect(pending).resolves.toMatchObject({ response: 'accepted' });
  });
});

describe('AnswersService with two batches under way', () => {
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

  describe.each([
    ['claiming places first', false],
    ['taking places in the write', true],
  ])('%s', (_how, placesInWrite) => {
    it('writes after the batch before wrote, while it commits, and commits only after it', async () => {
      const steps: string[] = [];
      let releaseFirstCommit!: () => void;
      const firstCommit = new Promise<void>((resolve) => (releaseFirstCommit = resolve));
      preparedRowsMock.mockImplementation(async (_manager: unknown, _text: string, values: unknown[]) => {
        const parties = JSON.parse(values.find((v) => typeof v === 'string' && v.startsWith('[')) as string) as Array<{ invitation_id: string }>;
        steps.push(`write ${parties.map((p) => p.invitation_id).join()}`);
        return [{ parties: parties.length, responses: parties.length, places: parties.length }];
      });
      let transactions = 0;
      const { batcher } = batcherWith(
        async (work) => {
        const transaction = ++transactions;
        const result = await work({});
        if (transaction === 1) await firstCommit;
        steps.push(`commit ${transaction}`);
        return result;
        },
        { hadRoom: () => placesInWrite },
      );
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
        return [{ parties: parties.length, responses: parties.length, places: parties.length }];
      });
      const { batcher, answeredAlone } = batcherWith((work) => work({}), { hadRoom: () => placesInWrite });
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

  it('records a batch again, claiming its places first, when its write found fewer free places than it wanted', async () => {
    const texts: string[] = [];
    preparedRowsMock.mockImplementation(async (_manager: unknown, text: string, values: unknown[]) => {
      texts.push(text);
      const parties = JSON.parse(values.find((v) => typeof v === 'string' && v.startsWith('[')) as string) as unknown[];
      return [{ parties: parties.length, responses: parties.length, places: texts.length === 1 ? parties.length - 1 : null }];
    });
    const rooms: boolean[] = [];
    const claims: string[][] = [];
    let transactions = 0;
    const { batcher, answeredAlone } = batcherWith(
      (work) => {
        transactions++;
        return work({});
      },
      {
        hadRoom: () => rooms.at(-1) ?? true,
        noteRoom: (_c: string, room: boolean) => rooms.push(room),
        claimInTurn: (_m: unknown, _c: string, _cap: number, parties: Array<{ invitationId: string }>) => {
          claims.push(parties.map((p) => p.invitationId));
          return Promise.resolve(new Set([parties[0].invitationId]));
        },
      },
    );
    const outcomes = await Promise.all(['a', 'b'].map((token) => batcher.answer(token, { response: 'accept' } as never)));
    expect(transactions).toBe(2);
    expect(texts[0]).toContain('places_taken');
    expect(texts[1]).not.toContain('places_taken');
    expect(rooms).toEqual([false]);
    expect(claims).toEqual([['inv-a', 'inv-b']]);
    expect(answeredAlone).toEqual([]);
    expect(outcomes.map((o) => o.response)).toEqual(['accepted', 'waitlisted']);
  });
});
