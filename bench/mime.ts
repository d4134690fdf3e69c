/**
 * Messages per second for one invitation wave of 20,000 recipients, three ways:
 *   naive     renderTemplate + buildMime (MailComposer) for every recipient
 *   buildMime buildMime only, the template rendered once per recipient beforehand
 *   skeleton  compileSkeleton once, then fill per recipient
 * Run with `npm run bench:mime`.
 */
import { performance } from 'node:perf_hooks';
import { buildConferenceIcs } from '../src/platform/mail/conference-calendar';
import { countryName } from '../src/platform/mail/mail-formatting';
import { OutgoingMail, buildMime } from '../src/platform/mail/mime';
import { compileSkeleton, placeholder } from '../src/platform/mail/mime-skeleton';
import { PER_RECIPIENT, recipientValues, renderTemplate } from '../src/platform/mail/templates';
import type { UnLanguage } from '../src/platform/http/validators';

const COUNT = Number(process.env.BENCH_COUNT ?? 20_000);
const language: UnLanguage = (process.env.BENCH_LANGUAGE as UnLanguage) ?? 'fr';
const from = 'Conference Secretariat <secretariat@convene.example>';
const conference = {
  title: 'Regional Conference on Countering Terrorism with New Technologies',
  city: 'Budapest',
  country: 'HU',
  startsOn: '2020-01-27',
  endsOn: '2020-01-28',
  timezone: 'Europe/Budapest',
  partners: ['Hungary'],
};
const deadline = '2019-12-20T23:00:00Z';
const attachments = [
  {
    filename: 'conference.ics',
    content: buildConferenceIcs({ uid: 'conference.budapest@convene.example', ...conference, countryName: countryName(language, conference.country) }),
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
  },
];

const recipient = (i: number) => ({
  fullName: `Délégué·e numéro ${i}`,
  honorific: i % 2 ? 'Ms.' : 'H.E. Mr.',
  address: `delegate${i}@mission${i % 190}.example`,
  rsvpUrl: `https://convene.example/rsvp/${i.toString(36).padStart(22, 'x')}`,
  messageId: `<invitation.${i}@convene.example>`,
});

function direct(i: number): OutgoingMail {
  const r = recipient(i);
  return {
    from,
    to: { name: r.fullName, address: r.address },
    messageId: r.messageId,
    language,
    ...renderTemplate('invitation', language, { recipient: r, conference, rsvpUrl: r.rsvpUrl, deadline }),
    attachments,
  };
}

function measure(name: string, run: (i: number) => Buffer): void {
  for (let i = 0; i < 200; i++) run(i); // warm-up
  let bytes = 0;
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) bytes += run(i).length;
  const seconds = (performance.now() - start) / 1000;
  console.log(`${name.padEnd(10)} ${String(Math.round(COUNT / seconds)).padStart(8)} messages/s  (${COUNT} in ${seconds.toFixed(2)} s, ${Math.round(bytes / COUNT)} bytes each)`);
}

console.log(`MIME building, ${COUNT} invitations in ${language}, node ${process.version}`);

measure('naive', (i) => buildMime(direct(i)));

const prepared = Array.from({ length: Math.min(COUNT, 2000) }, (_, i) => direct(i));
measure('buildMime', (i) => buildMime(prepared[i % prepared.length]));

const compileStart = performance.now();
const skeleton = compileSkeleton({
  from,
  to: { name: placeholder('toName'), address: placeholder('toAddress') },
  messageId: placeholder('messageId'),
  language,
  ...renderTemplate('invitation', language, { recipient: PER_RECIPIENT, conference, rsvpUrl: placeholder('rsvpUrl'), deadline }),
  attachments,
});
console.log(`skeleton compiled once in ${(performance.now() - compileStart).toFixed(1)} ms`);
measure('skeleton', (i) => {
  const r = recipient(i);
  return skeleton.fill({ toName: r.fullName, toAddress: r.address, messageId: r.messageId, rsvpUrl: r.rsvpUrl, ...recipientValues(language, r) });
});
