import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { MimeWriter, OutgoingMail, buildMime, composerOptions } from './mime';

const message: OutgoingMail = {
  from: 'Convene Secretariat <secretariat@convene.example>',
  to: { name: 'Ольга Петрова', address: 'olga.petrova@mfa.example' },
  subject: 'Приглашение: Региональная конференция',
  text: 'Уважаемая госпожа Петрова!\n\nСекретариат имеет честь пригласить Вас.\n',
  html: '<!DOCTYPE html>\n<html lang="ru"><body><p>Уважаемая госпожа Петрова!</p></body></html>\n',
  messageId: '<invitation.0b7c@convene.example>',
  language: 'ru',
  attachments: [{ filename: 'conference.ics', content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n', contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }],
};

describe('buildMime', () => {
  it('writes the same bytes as nodemailer’s own asynchronous build', async () => {
    const options = { ...composerOptions(message), baseBoundary: 'fixed', date: new Date('2019-08-01T10:00:00Z') };
    const expected = await new MailComposer(options).compile().build();
    const writer = new MimeWriter();
    writer.writeNode(new MailComposer(options).compile());
    expect(Buffer.from(writer.finish(), 'latin1').toString('latin1')).toBe(expected.toString('latin1'));
  });

  it('builds a message a mail reader parses back with every field', async () => {
    const raw = buildMime(message);
    expect(/[^\x00-\x7f]/.test(raw.toString('latin1'))).toBe(false);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.text).toBe('Уважаемая госпожа Петрова!\n\nСекретариат имеет честь пригласить Вас.\n');
    expect(parsed.html).toContain('<p>Уважаемая госпожа Петрова!</p>');
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value).toEqual([{ name: 'Ольга Петрова', address: 'olga.petrova@mfa.example' }]);
    expect(parsed.headers.get('content-language')).toBe('ru');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.has('list-unsubscribe')).toBe(false);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]).toMatchObject({ filename: 'conference.ics', contentType: 'text/calendar' });
    expect(parsed.attachments[0].content.toString()).toContain('BEGIN:VCALENDAR');
  });

  it('uses CRLF line breaks only', () => {
    const raw = buildMime(message).toString('latin1');
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('lets a caller add headers but never breaks a header line with a value', async () => {
    const raw = buildMime({ ...message, headers: { 'X-Conference': 'minsk\r\nBcc: attacker@evil.example' } });
    const parsed = await simpleParser(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(raw.toString('latin1')).not.toMatch(/^Bcc:/im);
  });
});
