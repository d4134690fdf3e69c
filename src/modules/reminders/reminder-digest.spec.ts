import { renderDigest } from './reminder-digest';

describe('the secretariat digest', () => {
  const conference = { id: '6a1f0c1e-8d5e-4a3b-9a0e-2f0a7c1d9b11', title: 'Countering terrorism <with> new technologies — Vienna', state: 'inviting' as const, timezone: 'Europe/Vienna' };
  const now = new Date('2027-02-01T07:00:00Z');

  it('lists every overdue item in plain words, dated in the conference time zone', () => {
    const digest = renderDigest(
      conference,
      [
        { kind: 'failed_delivery', count: 2, message: '2 invitation(s) could not be delivered; check the addresses and send again.' },
        { kind: 'logistics_task', since: '2027-01-30T23:00:00.000Z', message: 'Book the interpreters' },
      ],
      [],
      now,
    );
    expect(digest.subject).toBe('Daily digest: Countering terrorism <with> new technologies — Vienna — 2 overdue item(s)');
    expect(digest.text).toContain('Monday 1 February 2027');
    expect(digest.text).toContain('- 2 invitation(s) could not be delivered');
    expect(digest.text).toContain('- Book the interpreters (since 31 Jan 2027 00:00)');
    expect(digest.text).toContain(`/api/conferences/${conference.id}/reminder-policy`);
    expect(digest.html).toContain('&lt;with&gt;');
    expect(digest.html).not.toContain('<with>');
  });

  it('says which sources it could not read', () => {
    const digest = renderDigest(conference, [{ kind: 'failed_delivery', message: 'x' }], ['logistics'], now);
    expect(digest.text).toContain('Not included, could not be read: logistics.');
  });
});
