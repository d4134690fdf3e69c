import { DateTime } from 'luxon';
import { DirectoryContact, answerOf, delegatesOf, demoDirectory, needsVisaLetter, regionalAudience, summitAudience } from './demo-directory';
import { DryRunContext, OnceStep, TimedStep } from './dry-run';
import { NEW_TECHNOLOGIES_THEME } from './model-series';
import { renderTable } from './output';
import { rsvpTokensInOutbox } from './rsvp-links';
import { ConferenceAnswer, SeriesAnswer } from './series.command';

export const label = (c: ConferenceAnswer) => (c.kind === 'summit' ? 'Summit' : c.city ?? c.title);

/** Checks that the automatic transition due at this moment happened; a dry run that sees otherwise fails. */
function expectMoved(ctx: DryRunContext, c: ConferenceAnswer, stillIn: string, movedTo: string, what: string): void {
  if (c.state === movedTo) ctx.say(`${label(c)}: ${what} automatically -> ${movedTo}`);
  else if (c.state === stillIn) ctx.problems.push(`${label(c)} should have moved from ${stillIn} to ${movedTo} at ${ctx.now.toISOString()}, but did not.`);
}

export const createSeries: OnceStep = {
  name: 'The secretariat creates the model series: five regional conferences and the summit',
  async run(ctx) {
    const { name, secretariat, summit, summitPreparation, regionals } = ctx.model;
    const series = await ctx.api.post<SeriesAnswer>('/api/series', { name, secretariat, summit });
    ctx.seriesId = series.id;
    const { capacity, delegationQuota } = ctx.size;
    for (const regional of regionals) await ctx.api.post(`/api/series/${series.id}/conferences`, { ...regional, capacity, delegationQuota });
    await ctx.api.patch(`/api/conferences/${series.summit!.id}`, summitPreparation);
    ctx.say(`series "${name}" created with ${regionals.length} regional conferences of ${capacity} seats and the summit in ${summit.city}`);
    // The list of report themes lacks the first theme of the model case; an earlier run may have added it.
    const added = await ctx.api.request('POST', '/api/report-themes', NEW_TECHNOLOGIES_THEME);
    if (added.status === 201) ctx.say(`report theme "${NEW_TECHNOLOGIES_THEME.label}" added to the list`);
    else if (added.status !== 409) ctx.problems.push(`The report theme ${NEW_TECHNOLOGIES_THEME.code} was refused (${added.status}).`);
  },
};

export const importDirectory: OnceStep = {
  name: 'The secretariat imports its directory: every Member State mission, organisations, civil society',
  async run(ctx) {
    const directory = demoDirectory();
    const answer = await ctx.api.post<{ created: number; updated: number; rejected: Array<{ row: number; errors: string[] }> }>('/api/contacts/import', directory);
    const byType = new Map<string, number>();
    for (const c of directory) byType.set(c.stakeholderType, (byType.get(c.stakeholderType) ?? 0) + 1);
    ctx.say(`${directory.length} contacts imported (${answer.created} new, ${answer.updated} updated): ${[...byType].map(([t, n]) => `${n} ${t}`).join(', ')}`);
    for (const r of answer.rejected) ctx.problems.push(`Directory row ${r.row} was refused: ${r.errors.join('; ')}`);
    for (const contact of await ctx.api.all<{ id: string; email: string }>('/api/contacts')) ctx.contactIds.set(contact.email.toLowerCase(), contact.id);
  },
};

interface WaveAnswer {
  id: string;
  state: string;
  audienceSize: number;
  counts: { targeted: number; alreadyInvited: number; queued: number; sent: number; failed: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` answers something, for at most `seconds` (the service works in real time). */
export async function within<T>(seconds: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const found = await probe();
    if (found !== undefined || Date.now() > until) return found;
    await sleep(100);
  }
}

/** Creates a wave, dispatches it and waits until every invitation has gone out. */
async function sendWave(ctx: DryRunContext, c: ConferenceAnswer, name: string, audience: Record<string, string[]>): Promise<WaveAnswer | null> {
  const wave = await ctx.api.post<WaveAnswer>(`/api/conferences/${c.id}/waves`, { name, audience });
  const dispatched = await ctx.api.request<{ state: string; message?: string }>('POST', `/api/waves/${wave.id}/dispatch`);
  if (dispatched.status !== 202) {
    ctx.problems.push(`${label(c)}: wave "${name}" was not dispatched (${dispatched.status}): ${dispatched.body.message ?? 'no reason given'}`);
    return null;
  }
  const done = await within(30, async () => {
    const seen = await ctx.api.get<WaveAnswer>(`/api/waves/${wave.id}`);
    return seen.state.startsWith('completed') || seen.state === 'cancelled' ? seen : undefined;
  });
  if (!done) ctx.problems.push(`${label(c)}: wave "${name}" did not complete within 30 s.`);
  else if (done.state !== 'completed') ctx.problems.push(`${label(c)}: wave "${name}" ended ${done.state} (${done.counts.failed} failed).`);
  return done ?? null;
}

export const sendInvitations: TimedStep = {
  name: 'The secretariat sends the invitations: Member States, those of the region first, then the organisations',
  when: { milestone: 'rsvpDeadline', offset: '-P41DT15H', kinds: ['regional'] },
  async run(ctx, c) {
    await inviteTo(ctx, c!, regionalAudience(demoDirectory(), c!.country ?? '', c!.city ?? '', ctx.size, ctx.seed));
  },
};

export const sendSummitInvitations: TimedStep = {
  name: 'A month before its deadline the secretariat invites the Member States and every organisation to the summit',
  when: { milestone: 'rsvpDeadline', offset: '-P30DT15H', kinds: ['summit'] },
  async run(ctx, c) {
    await inviteTo(ctx, c!, summitAudience(demoDirectory(), ctx.size, ctx.seed));
  },
};

/** Two waves to the chosen contacts: the Member States, then the organisations, civil society, academia and private sector. */
async function inviteTo(ctx: DryRunContext, c: ConferenceAnswer, audience: DirectoryContact[]): Promise<void> {
  const ids = (contacts: DirectoryContact[]) => contacts.map((contact) => ctx.contactIds.get(contact.email.toLowerCase())).filter((id): id is string => Boolean(id));
  const states = audience.filter((contact) => contact.stakeholderType === 'member_state');
  const others = audience.filter((contact) => contact.stakeholderType !== 'member_state');
  const waves = [
    await sendWave(ctx, c, 'Member States', { contactIds: ids(states) }),
    await sendWave(ctx, c, 'Organisations, civil society, academia, private sector', { contactIds: ids(others) }),
  ];
  const sent = waves.reduce((n, w) => n + (w?.counts.sent ?? 0), 0);
  const failed = waves.reduce((n, w) => n + (w?.counts.failed ?? 0), 0);
  const now = await ctx.conference(c.id);
  ctx.say(`${label(c)}: 2 waves, ${sent} invitations sent (${states.length} Member States, ${others.length} others)${failed ? `, ${failed} failed` : ''} in ${c.languages.join('/')}; the first dispatch moved it ${c.state} -> ${now.state}`);
  if (now.state !== 'inviting') ctx.problems.push(`${label(c)} should have moved to inviting when its first wave was dispatched, but it is ${now.state}.`);
}

interface RsvpJson {
  conference: { id: string; city: string };
  delegationQuota: number;
  response: string;
  open: boolean;
}

/** Runs `work` over `items`, a few at a time, as invitees answer side by side. */
export async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

export const answersArrive: TimedStep = {
  name: 'A week after the invitations, invitees open their link and answer',
  when: { milestone: 'rsvpDeadline', offset: '-P34DT15H', kinds: ['regional'] },
  run: (ctx, c) => answerInvitations(ctx, c!),
};

export const summitAnswersArrive: TimedStep = {
  name: 'A week after the summit invitations, invitees answer',
  when: { milestone: 'rsvpDeadline', offset: '-P23DT15H', kinds: ['summit'] },
  run: (ctx, c) => answerInvitations(ctx, c!),
};

/** Like people reading their mail: each RSVP link in the outbox is opened, then answered (or left). */
async function answerInvitations(ctx: DryRunContext, c: ConferenceAnswer): Promise<void> {
  if (!ctx.outboxDir) return;
  const links = [...(await rsvpTokensInOutbox(ctx.outboxDir))].filter(([token]) => !ctx.answeredLinks.has(token));
  const tally = { accepted: 0, declined: 0, waitlisted: 0, silent: 0, delegates: 0, quota: 0, visas: 0 };
  const bar = ctx.progress('links opened');
  let read = 0;
  const directory = new Map(demoDirectory().map((contact) => [contact.email.toLowerCase(), contact]));
  await inParallel(links, 8, async ([token, recipient]) => {
    bar.update(++read, links.length, label(c));
    const opened = await ctx.api.request<RsvpJson & { message?: string }>('GET', `/rsvp/${token}`);
    if (opened.status !== 200) {
      ctx.problems.push(`${label(c)}: an invitation link from the outbox did not open (${opened.status}): ${opened.body.message ?? ''}`);
      return;
    }
    if (opened.body.conference.id !== c.id) return;
    ctx.answeredLinks.add(token);
    if (opened.body.response !== 'none') ctx.problems.push(`${label(c)}: opening an invitation link recorded an answer (${opened.body.response}).`);
    tally.quota = opened.body.delegationQuota;
    const choice = answerOf(recipient, opened.body.conference.city, ctx.seed);
    if (choice === 'silent') {
      tally.silent++;
      return;
    }
    const delegates = choice === 'accept' ? delegatesOf(recipient, opened.body.delegationQuota, c.kind === 'summit' ? [0, 2] : ctx.size.delegates, ctx.seed) : [];
    const visa = choice === 'accept' && needsVisaLetter(recipient, label(c), c.country ?? '', directory.get(recipient)?.country, ctx.seed);
    if (visa) tally.visas++;
    const body = choice === 'accept' ? { response: 'accept', delegates, ...(visa ? { needsVisaLetter: true } : {}) } : { response: 'decline' };
    const answered = await ctx.api.request<{ response?: string; message?: string }>('POST', `/rsvp/${token}`, body);
    if (answered.status !== 200) {
      ctx.problems.push(`${label(c)}: an answer was refused (${answered.status}): ${answered.body.message ?? 'no reason given'}`);
      return;
    }
    const response = answered.body.response as 'accepted' | 'declined' | 'waitlisted';
    if (response === 'accepted') await sendCredentials(ctx, c, token);
    tally[response]++;
    if (response !== 'declined') tally.delegates += delegates.length;
  });
  bar.stop();
  ctx.say(
    `${label(c)}: ${tally.accepted + tally.declined + tally.waitlisted + tally.silent} invitees opened their link; ${tally.accepted} accepted ` +
      `${tally.quota ? `(naming ${tally.delegates} delegates)` : '(no delegates: quota 0)'}, ${tally.declined} declined${tally.visas ? `, ${tally.visas} delegations asked for visa letters` : ''}${tally.waitlisted ? `, ${tally.waitlisted} waitlisted` : ''}, ${tally.silent} did not answer yet`,
  );
}

interface ReminderStepAnswer {
  kind: string;
  offsetDays: number | null;
  dueAt: string;
  state: string;
  counts: { targeted: number; sent: number; skipped: number; waitingQuietHours: number; failed: number; pending: number; withheld: number };
}

const remindersOf = async (ctx: DryRunContext, c: ConferenceAnswer) => (await ctx.api.all<ReminderStepAnswer>(`/api/conferences/${c.id}/reminders`)).filter((s) => s.kind !== 'digest');

/** The reminder step N days before the deadline, once the clock has reached 09:00 conference time that day. */
export const remindersGoOut = (days: number): TimedStep => ({
  name: `Reminders go out by themselves ${days} days before the deadline to those who have not answered`,
  when: { milestone: 'rsvpDeadline', offset: `-P${days - 1}DT15H` },
  async run(ctx, c) {
    const conference = c!;
    if (conference.state !== 'inviting') return;
    const step = await within(30, async () => {
      const found = (await remindersOf(ctx, conference)).find((s) => s.kind === 'non_responders' && s.offsetDays === days);
      return found && found.state !== 'planned' && found.counts.pending === 0 && found.counts.waitingQuietHours === 0 ? found : undefined;
    });
    if (!step) {
      ctx.problems.push(`${label(conference)}: the reminder due ${days} days before the deadline had not gone out by ${ctx.now.toISOString()}.`);
      return;
    }
    ctx.say(`${label(conference)}: reminder ${days} days before the deadline sent to ${step.counts.sent}, skipped ${step.counts.skipped} who answered`);
  },
});

export const reminderReport: TimedStep = {
  name: 'After the deadline the secretariat looks at the reminders of the first conference',
  when: { milestone: 'rsvpDeadline', offset: 'PT1H', kinds: ['regional'] },
  async run(ctx, c) {
    const conference = c!;
    if (conference.city !== ctx.model.regionals[0].city) return;
    const steps = await remindersOf(ctx, conference);
    const zone = conference.timezone ?? 'UTC';
    ctx.say(`${label(conference)}: reminders (GET /api/conferences/:id/reminders)`);
    ctx.out.line(
      renderTable(steps, [
        { header: 'Step', value: (s) => (s.kind === 'non_responders' ? `no answer, ${s.offsetDays} d before deadline` : `participants, ${s.offsetDays} d before start`) },
        { header: 'Due (local)', value: (s) => DateTime.fromISO(s.dueAt).setZone(zone).toFormat('yyyy-MM-dd HH:mm') },
        { header: 'State', value: (s) => s.state },
        { header: 'Sent', value: (s) => s.counts.sent },
        { header: 'Skipped', value: (s) => s.counts.skipped },
        { header: 'Withheld', value: (s) => s.counts.withheld },
        { header: 'Failed', value: (s) => s.counts.failed },
      ]).trimEnd(),
    );
  },
};

export const registrationCloses: TimedStep = {
  name: 'Registration closes once the RSVP deadline has passed',
  // The deadline's last second still takes answers; the next one closes registration.
  when: { milestone: 'rsvpDeadline', offset: 'PT1S' },
  async run(ctx, c) {
    expectMoved(ctx, c!, 'inviting', 'registration_closed', 'RSVP deadline passed');
  },
};

/** A delegation that accepted sends its note verbale or nomination letter through its RSVP link, as a PDF. */
export async function sendCredentials(ctx: DryRunContext, c: ConferenceAnswer, token: string): Promise<string | null> {
  const form = new FormData();
  form.append('file', new Blob([CREDENTIALS_PDF], { type: 'application/pdf' }), 'credentials.pdf');
  const sent = await fetch(`${ctx.api.baseUrl}/rsvp/${token}/credentials`, { method: 'POST', body: form, headers: { accept: 'application/json' } });
  if (sent.status !== 201) {
    ctx.problems.push(`${label(c)}: a delegation's credentials were refused (${sent.status}).`);
    return null;
  }
  const document = (await sent.json()) as { id: string };
  ctx.credentialLinks.set(document.id, token);
  return document.id;
}

const CREDENTIALS_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export const conferenceOpens: TimedStep = {
  name: 'Each conference opens at its start date, conference time',
  when: { milestone: 'start' },
  async run(ctx, c) {
    expectMoved(ctx, c!, 'ready', 'in_session', 'start date reached');
    if (c!.state !== 'in_session') ctx.say(`${label(c!)}: does not open, it is ${c!.state}`);
  },
};

export const conferenceConcludes: TimedStep = {
  name: 'Each conference concludes after its end date',
  when: { milestone: 'end' },
  async run(ctx, c) {
    expectMoved(ctx, c!, 'in_session', 'concluded', 'end date passed');
  },
};

export const snapshotAt = (title: string, modelTime: string): TimedStep => ({
  name: title,
  when: { modelTime },
  async run(ctx) {
    await ctx.snapshot(title);
  },
});

export const finalPicture: OnceStep = {
  name: 'Where every conference stands at the end of the dry run',
  async run(ctx) {
    await ctx.snapshot('End of the dry run');
    const funnel = (await ctx.pipeline()).map((p) => p.counts);
    const total = (key: keyof (typeof funnel)[number]) => funnel.reduce((n, c) => n + c[key], 0);
    ctx.findings.push(
      `Invitations: ${total('sent')} sent (${total('failed')} failed); ${total('accepted')} accepted, ${total('declined')} declined, ` +
        `${total('waitlisted')} waitlisted, ${total('noAnswer')} never answered despite the reminders.`,
    );
  },
};
