import { renderBadge } from '../modules/accreditation';
import { badgeCodeOf } from './badge-qr';

describe('badgeCodeOf', () => {
  it('reads back the code a badge was printed with, and nothing from a PDF without one', async () => {
    const code = 'cvn1.0b5c3a0e-7d1b-4c5e-9a6f-0a1b2c3d4e5f.q9b8Xc7Vd6Ue5Tf4Sg3Rh2Qi';
    const pdf = await renderBadge({ conferenceTitle: 'Countering terrorism with new technologies — Minsk', city: 'Minsk', startsOn: '2027-10-03', endsOn: '2027-10-04', honorific: null, fullName: 'Olga Petrova', jobTitle: 'Adviser', delegation: 'Belarus', affiliation: null, capacity: 'Delegate', code });
    expect(badgeCodeOf(pdf)).toBe(code);
    expect(badgeCodeOf(Buffer.from('%PDF-1.4\n%%EOF\n'))).toBeNull();
  });
});
