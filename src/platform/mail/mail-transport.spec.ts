import { MailRejectedError, MailTemporaryError } from './mail-errors';
import { deliveryError, outboxFileName } from './mail-transport';
import { buildMessageId } from './message-id';

describe('buildMessageId', () => {
  it('is stable for the same kind and id and names the public host', () => {
    const id = buildMessageId('invitation', '3f9a0c1e-2b4d-4f6a-8c7e-1a2b3c4d5e6f', 'https://convene.example.org/app');
    expect(id).toBe('<invitation.3f9a0c1e-2b4d-4f6a-8c7e-1a2b3c4d5e6f@convene.example.org>');
    expect(buildMessageId('invitation', '3f9a0c1e-2b4d-4f6a-8c7e-1a2b3c4d5e6f', 'https://convene.example.org')).toBe(id);
    expect(buildMessageId('reminder', 'x', 'https://convene.example.org')).not.toBe(buildMessageId('invitation', 'x', 'https://convene.example.org'));
  });

  it('keeps the id a valid msg-id whatever it is given', () => {
    expect(buildMessageId('reminder non responder', 'a b<c>@d', 'http://localhost:3000')).toBe('<reminder-non-responder.a-b-c--d@localhost>');
  });
});

describe('outboxFileName', () => {
  it('derives a safe, readable file name from the Message-ID', () => {
    expect(outboxFileName('<invitation.3f9a@convene.example>')).toBe('invitation.3f9a@convene.example.eml');
  });

  it('never lets a Message-ID leave the folder and keeps distinct ids distinct', () => {
    const a = outboxFileName('<../../etc/passwd@x>');
    const b = outboxFileName('<__/__/etc/passwd@x>');
    expect(a).not.toContain('/');
    expect(a).not.toBe(b);
  });
});

describe('deliveryError', () => {
  it('classifies 5xx as permanent and says what the server answered without the address', () => {
    const error = deliveryError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 <jane.doe@mfa.example>: Recipient address rejected: User unknown' });
    expect(error).toBeInstanceOf(MailRejectedError);
    expect(error.permanent).toBe(true);
    expect(error.message).toBe('SMTP server answered: 550 5.1.1 <<address>>: Recipient address rejected: User unknown');
    expect(error.message).not.toContain('jane.doe');
  });

  it('classifies 4xx, 503 and connection failures as temporary', () => {
    expect(deliveryError({ code: 'EENVELOPE', responseCode: 451, response: '451 4.7.1 Greylisted' })).toBeInstanceOf(MailTemporaryError);
    expect(deliveryError({ code: 'EPROTOCOL', responseCode: 503, response: '503 5.5.1 Bad sequence' }).permanent).toBe(false);
    const refused = deliveryError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' }));
    expect(refused.permanent).toBe(false);
    expect(refused.message).toContain('ESOCKET');
  });
});
