import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../src/platform/config/app-config';
import { ConfigModule } from '../src/platform/config/config.module';
import { MailRejectedError, MailTemporaryError } from '../src/platform/mail/mail-errors';
import { MailTransport, SMTP_MAX_CONNECTIONS } from '../src/platform/mail/mail-transport';
import { MailModule } from '../src/platform/mail/mail.module';
import { OutgoingMail } from '../src/platform/mail/mime';
import { compileSkeleton, placeholder } from '../src/platform/mail/mime-skeleton';
import { PER_RECIPIENT, recipientValues, renderTemplate } from '../src/platform/mail/templates';
import { ADMIN_KEY } from './support/test-app';
import { MailSink, startMailSink } from './support/mail-sink';

const FROM = 'secretariat@convene.example';

/** The mail platform alone, as every process of the service wires it. */
async function startMail(env: Record<string, string>): Promise<{ app: INestApplicationContext; transport: MailTransport }> {
  const config = loadConfig({
    DATABASE_URL: 'postgres://unused@127.0.0.1:5432/unused',
    REDIS_URL: 'redis://127.0.0.1:6379',
    ADMIN_API_KEY: ADMIN_KEY,
    PUBLIC_BASE_URL: 'https://convene.example',
    MAIL_FROM: `Conference Secretariat <${FROM}>`,
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), MailModule] }).compile();
  const app = await moduleRef.init();
  return { app, transport: app.get(MailTransport) };
}

const conference = {
  title: 'Regional Conference on Countering Terrorism with New Technologies',
  city: 'Vienna',
  country: 'AT',
  startsOn: '2020-02-10',
  endsOn: '2020-02-11',
  timezone: 'Europe/Vienna',
};

function simpleMail(transport: MailTransport, n: number, to = `delegate${n}@mission.example`): OutgoingMail {
  return {
    from: `Conference Secretariat <${FROM}>`,
    to: { name: `Delegate ${n}`, address: to },
    messageId: transport.messageIdFor('invitation', `inv-${n}`),
    language: 'en',
    ...renderTemplate('invitation', 'en', { recipient: { fullName: `Delegate ${n}` }, conference, rsvpUrl: `https://convene.example/rsvp/${n}`, deadline: '2020-01-20T23:00:00Z' }),
  };
}

describe('mail transport', () => {
  describe('over SMTP', () => {
    let sink: MailSink;
    let app: INestApplicationContext;
    let transport: MailTransport;

    beforeAll(async () => {
      sink = await startMailSink();
      ({ app, transport } = await startMail({ SMTP_URL: sink.url }));
    });

    afterAll(async () => {
      await app?.close();
      await sink?.close();
    });

    beforeEach(() => {
      sink.refuse('none');
      sink.clear();
    });

    it('delivers 200 pooled messages exactly once each, over at most the pool’s connections', async () => {
      const rendered = renderTemplate('invitation', 'fr', { recipient: PER_RECIPIENT, conference, rsvpUrl: placeholder('rsvpUrl'), deadline: '2020-01-20T23:00:00Z' });
      const skeleton = compileSkeleton({
        from: `Secrétariat de la conférence <${FROM}>`,
        to: { name: placeholder('toName'), address: placeholder('toAddress') },
        messageId: placeholder('messageId'),
        language: 'fr',
        ...rendered,
      });
      const sends = Array.from({ length: 200 }, (_, i) => {
        const address = `delegue${i}@mission.example`;
        const messageId = transport.messageIdFor('invitation', `wave-${i}`);
        const raw = skeleton.fill({
          toName: `Délégué n° ${i}`,
          toAddress: address,
          messageId,
          rsvpUrl: `https://convene.example/rsvp/${i}`,
          ...recipientValues('fr', { fullName: `Délégué n° ${i}` }),
        });
        return transport.sendRaw({ from: FROM, to: address }, raw, messageId);
      });
      await Promise.all(sends);
      await sink.waitForCount(200);

      expect(sink.messages).toHaveLength(200);
      const ids = sink.messages.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(200);
      for (let i = 0; i < 200; i++) {
        const [message] = sink.messagesTo(`delegue${i}@mission.example`);
        expect(sink.messagesTo(`delegue${i}@mission.example`)).toHaveLength(1);
        expect(message.messageId).toBe(`<invitation.wave-${i}@convene.example>`);
        expect(message.envelope.from).toBe(FROM);
        expect(message.html).toContain(`href="https://convene.example/rsvp/${i}"`);
        expect(message.subject).toBe(`Invitation\u00a0: ${conference.title}`);
      }
      expect(sink.connections).toBeLessThanOrEqual(SMTP_MAX_CONNECTIONS);
    });

    it('sends a message built from its fields', async () => {
      await transport.send(simpleMail(transport, 1));
      await sink.waitForCount(1);
      const [message] = sink.messages;
      expect(message.envelope.to).toEqual(['delegate1@mission.example']);
      expect(message.envelope.from).toBe(FROM);
      expect(transport.envelopeFrom).toBe(FROM);
      expect(message.subject).toBe(`Invitation: ${conference.title}`);
      expect(message.text).toContain('Dear Delegate 1,');
      expect(message.headers.get('content-language')).toBe('en');
    });

    it('reports a 451 refusal as temporary, saying what the server answered but not to whom', async () => {
      sink.refuse(1, 451);
      const error = await transport.send(simpleMail(transport, 2)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailTemporaryError);
      expect(error).toMatchObject({ permanent: false, responseCode: 451 });
      expect((error as Error).message).toMatch(/^SMTP server answered: 451 4\.7\.1 .*Greylisted/);
      expect((error as Error).message).not.toContain('delegate2@mission.example');
      expect(sink.count).toBe(0);

      // The retry goes through, on the same pool.
      await transport.send(simpleMail(transport, 2));
      await sink.waitForCount(1);
      expect(sink.messagesTo('delegate2@mission.example')).toHaveLength(1);
    });

    it('reports a 550 refusal as permanent', async () => {
      sink.refuse(1, 550);
      const error = await transport.send(simpleMail(transport, 3)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailRejectedError);
      expect(error).toMatchObject({ permanent: true, responseCode: 550 });
      expect((error as Error).message).toContain('User unknown');
      expect((error as Error).message).not.toContain('delegate3@mission.example');
      expect(sink.refused).toBe(1);
    });

    it('turns a 550 for one recipient into a bounce of that message, and a 451 into none', async () => {
      sink.refuseTo('gone@mission.example');
      try {
        const results = await Promise.allSettled([4, 5, 6].map((n) => transport.send(simpleMail(transport, n, n === 5 ? 'gone@mission.example' : undefined))));
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        const error = (results[1] as PromiseRejectedResult).reason;
        expect(error).toBeInstanceOf(MailRejectedError);
        const at = new Date('2027-01-01T00:00:00Z');
        const refusal = transport.refusal(transport.messageIdFor('invitation', 'inv-5'), error, at);
        expect(refusal).toEqual({
          type: 'mail.bounced',
          aggregateId: '<invitation.inv-5@convene.example>',
          occurredAt: at,
          data: { messageId: '<invitation.inv-5@convene.example>', kind: 'invitation', ref: 'inv-5', action: 'failed', status: '5.1.1', diagnostic: expect.stringMatching(/^SMTP server answered: 550 5\.1\.1 <<address>>: .*User unknown/), permanent: true, source: 'sending' },
        });
        expect(JSON.stringify(refusal)).not.toContain('gone@mission.example');
        expect(transport.refusal('<invitation.inv-5@elsewhere.example>', error, at)).toBeNull();
      } finally {
        sink.refuseTo('gone@mission.example', null);
      }
      sink.refuse(1, 451);
      const temporary = await transport.send(simpleMail(transport, 7)).catch((e: unknown) => e);
      expect(transport.refusal(transport.messageIdFor('invitation', 'inv-7'), temporary, new Date())).toBeNull();
    });

    it('closes its pooled connections when the application shuts down', async () => {
      const second = await startMail({ SMTP_URL: sink.url });
      await second.transport.send(simpleMail(second.transport, 4));
      await sink.waitForCount(1);
      const open = sink.openConnections;
      await second.app.close();
      const deadline = Date.now() + 5000;
      while (sink.openConnections >= open && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(sink.openConnections).toBeLessThan(open);
    });
  });

  it('counts without keeping anything in the sink’s counting mode', async () => {
    const counter = await startMailSink({ parse: false });
    const { app, transport } = await startMail({ SMTP_URL: counter.url });
    try {
      const raws = [1, 2, 3].map((n) => simpleMail(transport, n));
      await Promise.all(raws.map((m) => transport.send(m)));
      await counter.waitForCount(3);
      expect(counter.count).toBe(3);
      expect(counter.messages).toHaveLength(0);
      expect(counter.bytes).toBeGreaterThan(3 * 4000);
    } finally {
      await app.close();
      await counter.close();
    }
  });

  it('reports an unreachable server as temporary', async () => {
    const closed = await startMailSink();
    const url = closed.url;
    await closed.close();
    const { app, transport } = await startMail({ SMTP_URL: url });
    try {
      const error = await transport.send(simpleMail(transport, 5)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailTemporaryError);
      expect((error as Error).message).toMatch(/^SMTP sending failed \(E[A-Z]+\)/);
    } finally {
      await app.close();
    }
  });

  describe('without SMTP_URL', () => {
    let dir: string;
    let app: INestApplicationContext;
    let transport: MailTransport;

    beforeAll(async () => {
      dir = join(await mkdtemp(join(tmpdir(), 'convene-outbox-')), `nested-${randomBytes(3).toString('hex')}`);
      ({ app, transport } = await startMail({ OUTBOX_DIR: dir }));
    });

    afterAll(async () => {
      await app?.close();
      await rm(join(dir, '..'), { recursive: true, force: true });
    });

    it('writes one .eml per Message-ID into the outbox folder, even when a message is sent twice', async () => {
      const first = simpleMail(transport, 6);
      await transport.send(first);
      await transport.send({ ...first, subject: 'Second attempt' });
      await transport.send(simpleMail(transport, 7));

      const files = (await readdir(dir)).sort();
      expect(files).toEqual(['invitation.inv-6@convene.example.eml', 'invitation.inv-7@convene.example.eml']);
      const stored = await simpleParser(await readFile(join(dir, files[0])));
      expect(stored.messageId).toBe('<invitation.inv-6@convene.example>');
      expect(stored.subject).toBe('Second attempt');
    });
  });
});
