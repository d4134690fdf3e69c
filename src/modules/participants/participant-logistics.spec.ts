import { ParticipantLogistics } from './participant-logistics';

describe('ParticipantLogistics', () => {
  const view = (id: string, status: string, badge: 'none' | 'issued' | 'revoked' = 'none', visaLetter: 'none' | 'requested' | 'issued' = 'none') => ({ id, status, badge, visaLetter, checkedInAt: null });

  it('keeps the participants table state without a registered source', async () => {
    const views = [view('a', 'confirmed', 'issued')];
    expect(await new ParticipantLogistics().overlay(views)).toBe(views);
  });

  it('lays what logistics knows over the table, field by field, and revokes the badge of whoever left', async () => {
    const logistics = new ParticipantLogistics();
    logistics.register({
      statesOf: async () =>
        new Map([
          ['a', { badge: 'issued' as const, checkedInAt: '2027-02-17T06:00:00.000Z' }],
          ['c', { badge: 'issued' as const }],
        ]),
    });
    const [a, b, c] = await logistics.overlay([view('a', 'confirmed', 'none', 'requested'), view('b', 'confirmed', 'none', 'requested'), view('c', 'substituted')]);
    expect(a).toMatchObject({ badge: 'issued', visaLetter: 'requested', checkedInAt: '2027-02-17T06:00:00.000Z' });
    expect(b).toMatchObject({ badge: 'none', visaLetter: 'requested', checkedInAt: null });
    expect(c.badge).toBe('revoked');
    expect(() => logistics.register({ statesOf: async () => new Map() })).toThrow(/twice/);
  });
});
