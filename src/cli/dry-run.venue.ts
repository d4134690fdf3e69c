import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { ConveneApi } from './api-client';
import { badgeCodeOf } from './badge-qr';
import { attends } from './demo-directory';
import { DryRunContext, OnceStep, TimedStep, namedConferences } from './dry-run';
import { inParallel, label, sendCredentials, within } from './dry-run.steps';
import { REGIONAL_THEMES } from './model-series';
import { ConferenceAnswer } from './series.command';

/**
 * The venue side of the dry run: rooms and agenda, the checklist, credentials, badges and visa
 * letters, the list of participants, and the door on the first morning.
 */

interface ThemeAnswer {
  code: string;
  label: string;
}

/** Rooms of every regional venue: a plenary for everyone and two for the parallel panels. */
const rooms = (capacity: number) => [
  { name: 'Plenary hall', capacity },
  { name: 'Room A', capacity: Math.ceil(capacity / 3) },
  { name: 'Room B', capacity: Math.ceil(capacity / 3) },
];

/** Two days: opening plenary, the conference's four themes in two pairs of parallel panels, closing plenary. */
function agendaOf(c: ConferenceAnswer, themes: string[], labels: Map<string, string>) {
  const first = c.startsOn!;
  const second = c.endsOn ?? first;
  const session = (title: string, room: string, day: string, from: string, to: string) => ({ title, room, startsAt: `${day}T${from}`, endsAt: `${day}T${to}` });
  const panel = (i: number) => `Panel: ${labels.get(themes[i]) ?? themes[i]}`;
  return [
    session('Opening plenary', 'Plenary hall', first, '09:00', '10:30'),
    session(panel(0), 'Room A', first, '11:00', '13:00'),
    session(panel(1), 'Room B', first, '11:00', '13:00'),
    session(panel(2), 'Room A', second, '09:30', '12:00'),
    session(panel(3), 'Room B', second, '09:30', '12:00'),
    session('Closing plenary: outcomes and recommendations', 'Plenary hall', second, '14:00', '16:00'),
  ];
}

export const setUpVenues: OnceStep = {
  name: 'The secretariat books each venue, its rooms and the agenda, and gives the door a check-in key',
  async run(ctx) {
    const labels = new Map((await ctx.api.get<ThemeAnswer[]>('/api/report-themes')).map((t) => [t.code, t.label]));
    for (const c of (await ctx.series()).conferences.filter((conference) => conference.kind === 'regional')) {
      await ctx.api.put(`/api/conferences/${c.id}/venue`, { name: `${c.city} International Conference Centre`, address: `${c.city}, ${c.country}`, rooms: rooms(ctx.size.capacity) });
      const sessions = agendaOf(c, REGIONAL_THEMES[c.city ?? ''] ?? [], labels);
      for (const session of sessions) await ctx.api.post(`/api/conferences/${c.id}/sessions`, session);
      ctx.say(`${label(c)}: venue with 3 rooms, ${sessions.length} sessions on the agenda`);
    }
    // Each run replays the series in a later year; an earlier run's key keeps its own name.
    const key = await ctx.api.post<{ key: string }>('/api/keys', { name: `Door ${ctx.replay('2019')}-${ctx.replay('2020')}`, role: 'checkin' });
    doors.set(ctx, new ConveneApi(ctx.api.baseUrl, key.key));
  },
};

/** The check-in key of each run, kept beside its context. */
const doors = new WeakMap<DryRunContext, ConveneApi>();

interface CredentialAnswer {
  id: string;
  status: string;
}

interface LogisticsAnswer {
  badges: { issued: number; pending: number };
  visaLetters: { requested: number; issued: number };
}

/** The conference whose checklist the secretariat lets slip: one task is still open when readiness is asked. */
const LATE_AT = 'Port of Spain';
/** The conference where one delegation's credentials are rejected and sent again. */
const REJECTED_AT = 'Minsk';

/** Verifies every credential still pending (but `except`, not yet reviewed), a few at a time; answers how many. */
async function verifyCredentials(ctx: DryRunContext, conference: ConferenceAnswer, except?: string): Promise<number> {
  const pending = (await ctx.api.all<CredentialAnswer>(`/api/conferences/${conference.id}/credentials`)).filter((d) => d.status === 'pending' && d.id !== except);
  const bar = ctx.progress('credentials verified');
  let verified = 0;
  await inParallel(pending, 8, async (document) => {
    await ctx.api.call('PATCH', `/api/credentials/${document.id}`, { status: 'verified' });
    bar.update(++verified, pending.length, label(conference));
  });
  bar.stop();
  return pending.length;
}

/** While answers are still taken the secretariat reviews the credentials received; at one conference it rejects one, and the delegation sends another. */
export const reviewCredentials: TimedStep = {
  name: 'Ten days before the deadline the secretariat reviews the credentials received so far',
  when: { milestone: 'rsvpDeadline', offset: '-P10D', kinds: ['regional'] },
  async run(ctx, c) {
    const conference = c!;
    const pending = (await ctx.api.all<CredentialAnswer>(`/api/conferences/${conference.id}/credentials`)).filter((d) => d.status === 'pending');
    const rejected = conference.city === REJECTED_AT ? pending[0] : undefined;
    let again: string | null = null;
    if (rejected) {
      await ctx.api.call('PATCH', `/api/credentials/${rejected.id}`, { status: 'rejected', reason: 'The note verbale is not signed.' });
      const token = ctx.credentialLinks.get(rejected.id);
      again = token ? await sendCredentials(ctx, conference, token) : null;
      ctx.say(`${label(conference)}: one delegation's note verbale rejected (not signed); ${again ? 'the delegation sent a signed one through its link' : 'no new one came'}`);
      if (!again) ctx.problems.push(`${label(conference)}: the delegation whose credentials were rejected could not send new ones.`);
    }
    const verified = await verifyCredentials(ctx, conference, again ?? undefined);
    ctx.say(`${label(conference)}: ${verified} delegations' credentials verified${rejected ? ', the new one still to be reviewed' : ''}`);
  },
};

/**
 * What the secretariat does before declaring a conference ready: the checklist worked through
 * (one task forgotten at one conference), the remaining credentials verified,
 * and every badge and visa letter produced by the workers.
 */
export async function prepareVenue(ctx: DryRunContext, conference: ConferenceAnswer): Promise<{ forgotten: { id: string; title: string } | null }> {
  const tasks = await ctx.api.all<{ id: string; title: string; dueOn: string; done: boolean }>(`/api/conferences/${conference.id}/tasks`);
  const open = tasks.filter((t) => !t.done).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const forgotten = conference.city === LATE_AT ? open[0] ?? null : null;
  for (const task of open) if (task !== forgotten) await ctx.api.call('PATCH', `/api/tasks/${task.id}`, { done: true });

  const verifying = await verifyCredentials(ctx, conference);

  const badges = ctx.progress('badges produced');
  const produced = await within(300, async () => {
    const logistics = await ctx.api.get<LogisticsAnswer>(`/api/conferences/${conference.id}/logistics`);
    badges.update(logistics.badges.issued, logistics.badges.issued + logistics.badges.pending, label(conference));
    return logistics.badges.pending === 0 && logistics.visaLetters.requested === logistics.visaLetters.issued ? logistics : undefined;
  });
  badges.stop();
  if (!produced) ctx.problems.push(`${label(conference)}: the workers had not produced every badge and visa letter within 300 s.`);
  ctx.say(
    `${label(conference)}: checklist ${forgotten ? `done but for "${forgotten.title}"` : 'done'}, ${verifying} more delegations' credentials verified, ` +
      `${produced ? `${produced.badges.issued} badges and ${produced.visaLetters.issued} visa letters produced` : 'badges still being produced'}`,
  );
  if (conference.kind === 'regional') await provisionalList(ctx, conference, produced !== undefined);
  return { forgotten };
}

/** The provisional list of participants, and for the first conference its PDF and one badge, kept in the demo's folder. */
async function provisionalList(ctx: DryRunContext, conference: ConferenceAnswer, badgesReady: boolean): Promise<void> {
  await ctx.api.post(`/api/conferences/${conference.id}/participant-lists`, { kind: 'provisional' });
  if (!ctx.filesDir || conference.city !== ctx.model.regionals[0].city) return;
  const list = await within(60, async () => {
    const answer = await ctx.api.request('GET', `/api/conferences/${conference.id}/participant-list`);
    return answer.status === 200 ? ctx.download(`/api/conferences/${conference.id}/participant-list`) : undefined;
  });
  if (!list) {
    ctx.problems.push(`${label(conference)}: the provisional list of participants was not produced within 60 s.`);
    return;
  }
  await keep(ctx, `List of participants, ${label(conference)} (provisional)`, `participants-${slug(conference)}.pdf`, list);
  const [first] = (await ctx.api.get<{ items: Array<{ id: string; fullName: string }> }>(`/api/conferences/${conference.id}/participants?limit=1`)).items;
  if (first && badgesReady) await keep(ctx, `Badge of ${first.fullName}, ${label(conference)}`, `badge-${slug(conference)}.pdf`, await ctx.download(`/api/participants/${first.id}/badge.pdf`));
}

export const slug = (c: ConferenceAnswer) => (c.kind === 'summit' ? 'summit' : (c.city ?? c.id).toLowerCase().replace(/[^a-z0-9]+/g, '-'));

/** Writes a fetched document into the demo's folder and lists it for the summary. */
export async function keep(ctx: DryRunContext, what: string, name: string, content: Buffer): Promise<void> {
  if (!ctx.filesDir) return;
  const path = join(ctx.filesDir, name);
  await writeFile(path, content);
  ctx.files.push({ what, path });
}

/** Asks for readiness; on a refusal prints each blocker and answers them, or null when the conference is ready. */
async function askReady(ctx: DryRunContext, conference: ConferenceAnswer): Promise<string | null> {
  const answer = await ctx.api.request<{ state?: string; message?: string; failedGuards?: Array<{ guard: string; message: string }> }>('POST', `/api/conferences/${conference.id}/transitions`, { to: 'ready' });
  if (answer.status === 200) {
    ctx.say(`${label(conference)}: registration_closed -> ${answer.body.state} (commanded)`);
    return null;
  }
  const { conferences } = await ctx.series();
  // Guards name conferences by id; people know them by city.
  return namedConferences(conferences, answer.body.failedGuards?.map((g) => g.message).join(' ') || answer.body.message || `refused (${answer.status})`);
}

export const confirmReadiness: TimedStep = {
  name: 'Two days after the deadline the secretariat prepares the venue and confirms readiness',
  when: { milestone: 'rsvpDeadline', offset: 'P2D' },
  async run(ctx, c) {
    const conference = c!;
    if (conference.state !== 'registration_closed') return;
    const { forgotten } = await prepareVenue(ctx, conference);
    const blockers = await askReady(ctx, conference);
    if (blockers === null) return;
    ctx.say(`${label(conference)}: cannot be ready yet: ${blockers}`);
    if (!forgotten) {
      ctx.findings.push(`${label(conference)} could not be confirmed ready: ${blockers}`);
      return;
    }
    await ctx.api.call('PATCH', `/api/tasks/${forgotten.id}`, { done: true });
    ctx.say(`${label(conference)}: the secretariat completes "${forgotten.title}" and asks again`);
    const still = await askReady(ctx, conference);
    if (still !== null) ctx.problems.push(`${label(conference)} was still not ready once its checklist was done: ${still}`);
  },
};

interface ParticipantAnswer {
  id: string;
  fullName: string;
  email: string | null;
}

/** Every confirmed participant's badge read at the door on the first morning; about one in ten does not come. */
export const checkInAtTheDoor: TimedStep = {
  name: 'On the first morning the door scans the badges of those who came',
  when: { milestone: 'start', offset: 'PT8H', kinds: ['regional'] },
  async run(ctx, c) {
    const conference = c!;
    const door = doors.get(ctx);
    if (conference.state !== 'in_session' || !door) return;
    const participants = await ctx.api.all<ParticipantAnswer>(`/api/conferences/${conference.id}/participants`);
    const coming = participants.filter((p) => attends(p.email ?? p.fullName, label(conference), ctx.seed));
    const bar = ctx.progress('badges scanned');
    let scanned = 0;
    let admitted = 0;
    await inParallel(coming, 8, async (participant) => {
      const code = badgeCodeOf(await ctx.download(`/api/participants/${participant.id}/badge.pdf`));
      bar.update(++scanned, coming.length, label(conference));
      if (!code) {
        ctx.problems.push(`${label(conference)}: the badge of ${participant.fullName} carries no readable QR code.`);
        return;
      }
      const answer = await door.request<{ message?: string }>('POST', '/api/checkin', { code });
      if (answer.status === 200) admitted++;
      else ctx.problems.push(`${label(conference)}: the door refused ${participant.fullName}'s badge (${answer.status}): ${answer.body.message ?? ''}`);
    });
    bar.stop();
    const share = participants.length ? Math.round((100 * (participants.length - admitted)) / participants.length) : 0;
    ctx.say(`${label(conference)}: ${admitted} of ${participants.length} participants checked in at the door by ${DateTime.fromJSDate(ctx.now).setZone(conference.timezone ?? 'UTC').toFormat('HH:mm')} local time (${share} % no-shows)`);
  },
};
