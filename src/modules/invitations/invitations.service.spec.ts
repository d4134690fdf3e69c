import { InvitationTokens } from './invitation-tokens';
import { InvitationsService } from './invitations.service';

describe('InvitationsService', () => {
  const tokens = new InvitationTokens({ tokenSecret: 'a secret of at least sixteen characters', publicBaseUrl: 'https://convene.example.org' } as never);
  const service = new InvitationsService({} as never, {} as never, tokens, { responseMovesSql: () => 'SELECT 1', shardValue: () => 3 } as never, {} as never);
  const row = (id: string, token: string) => ({
    id,
    conference_id: 'conf-1',
    contact_id: `contact-${id}`,
    wave_id: 'wave-1',
    delivery: 'sent',
    delivery_error: null,
    response: 'none',
    language: null,
    sent_at: null,
    responded_at: null,
    reminders_sent: 0,
    created_at: new Date(0),
    token_hash: tokens.hash(token),
  });

  it('opens each token it was given, in order, through a part that names what it yields', () => {
    const known = tokens.tokenFor('inv-1');
    const opening = service.openedPart([known, 'not-a-token', known]);
    expect(opening.part.yields).toBe('invitations_opened');
    expect(opening.part.with.map(([name]) => name)).toContain(opening.part.yields);
    const views = opening.viewsOf([row('inv-1', known)]);
    expect(views.map((v) => v?.id ?? null)).toEqual(['inv-1', null, 'inv-1']);
  });

  it('records responses with the counters, the shard a value of the statement rather than part of its text', () => {
    const part = service.recordResponsesPart([{ invitationId: 'inv-1', response: 'accepted' }], new Date(0));
    expect(part.yields).toBe('responses_recorded');
    expect(part.values).toEqual([['inv-1'], ['accepted'], new Date(0).toISOString(), 3]);
  });
});
