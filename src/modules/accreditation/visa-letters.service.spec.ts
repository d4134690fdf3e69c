import type { DataSource } from 'typeorm';
import type { ClockService } from '../../platform/clock/clock.service';
import type { OutboxService } from '../../platform/messaging/outbox.service';
import type { ConferencesService } from '../conferences';
import type { DirectoryCard, ParticipantsDirectory } from '../participants';
import type { SecretariatDirectory } from '../series';
import { VisaLettersService } from './visa-letters.service';

describe('VisaLettersService.reissue', () => {
  const card = (jobTitle: string): DirectoryCard => ({
    participantId: 'p-1',
    conferenceId: 'c-1',
    invitationId: 'i-1',
    status: 'confirmed',
    isInvitee: true,
    honorific: null,
    fullName: 'Aziz Karimov',
    jobTitle,
    organisation: 'Ministry of Foreign Affairs',
    country: 'UZ',
    stakeholderType: 'member_state',
    capacity: 'head',
    needsVisaLetter: true,
    language: 'en',
  });

  /** A letter row read as `seen` each time, and a store that finds it changed the first `lost` times. */
  function service(seen: Array<{ status: string; reissued_for: string | null }>, lost: number) {
    const reads = [...seen];
    const stores: unknown[][] = [];
    const titles = ['Ambassador', 'Minister of State', 'Deputy Minister'];
    const dataSource = {
      query: async () => [reads.shift() ?? seen[seen.length - 1]],
      transaction: async (work: (manager: unknown) => Promise<unknown>) =>
        work({
          query: async (_sql: string, values: unknown[]) => {
            stores.push(values);
            return [stores.length > lost ? [{ participant_id: 'p-1' }] : []];
          },
        }),
    } as unknown as DataSource;
    const directory = { card: jest.fn(async () => card(titles.shift()!)) } as unknown as ParticipantsDirectory;
    const conferences = {
      find: async () => ({ id: 'c-1', seriesId: 's-1', title: 'Regional conference', city: 'Tashkent', country: 'UZ', startsOn: '2027-05-20', endsOn: '2027-05-21', languages: ['en'], translations: {} }),
    } as unknown as ConferencesService;
    const secretariats = { forSeries: async () => ({ name: 'The secretariat' }) } as unknown as SecretariatDirectory;
    const recorded: unknown[] = [];
    const outbox = { record: async (_manager: unknown, ...events: unknown[]) => void recorded.push(...events), committed: jest.fn() } as unknown as OutboxService;
    const clock = { now: async () => new Date('2027-05-01T09:00:00Z') } as unknown as ClockService;
    return { letters: new VisaLettersService(dataSource, directory, conferences, secretariats, outbox, clock), stores, directory, recorded };
  }

  it('draws again from the details as they are now when the letter changed while it was drawn, and announces only the letter stored', async () => {
    const { letters, stores, directory, recorded } = service([{ status: 'issued', reissued_for: null }, { status: 'issued', reissued_for: 'event-0' }], 1);
    expect(await letters.reissue('p-1', 'event-1')).toBe('done');
    expect(directory.card).toHaveBeenCalledTimes(2);
    // Each store names the state it was drawn after; the second one is over the letter stored meanwhile.
    expect(stores.map((values) => values.slice(4))).toEqual([
      ['event-1', 'issued', null],
      ['event-1', 'issued', 'event-0'],
    ]);
    expect(recorded).toEqual([expect.objectContaining({ type: 'visa_letter.issued', aggregateId: 'p-1' })]);
  });

  it('draws nothing for an event it was drawn for already, nor for a revoked letter', async () => {
    for (const seen of [{ status: 'issued', reissued_for: 'event-1' }, { status: 'revoked', reissued_for: null }]) {
      const { letters, stores, directory } = service([seen], 0);
      expect(await letters.reissue('p-1', 'event-1')).toBe('skipped');
      expect(directory.card).not.toHaveBeenCalled();
      expect(stores).toEqual([]);
    }
  });

  it('leaves the event to its retries when the letter keeps changing under it', async () => {
    const { letters, recorded } = service([{ status: 'issued', reissued_for: null }], 3);
    await expect(letters.reissue('p-1', 'event-1')).rejects.toThrow(/kept changing/);
    expect(recorded).toEqual([]);
  });
});
