import { Client } from 'pg';
import { InvitationTokens } from '../../src/modules/invitations/invitation-tokens';
import { ApiClient, waitFor } from './test-app';

export const MINIMAL_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Imports the contacts, invites them all to the conference in one wave and waits until it is sent; answers e-mail -> invitation id. */
export async function inviteAll(api: ApiClient, db: Client, conferenceId: string, contacts: Array<Record<string, unknown>>): Promise<Record<string, string>> {
  const imported = await api.post('/api/contacts/import', contacts);
  if (imported.status !== 200) throw new Error(`import: ${imported.status} ${imported.text}`);
  const emails = contacts.map((c) => String(c.email).toLowerCase());
  const { rows: found } = await db.query(`SELECT id FROM contacts WHERE lower(email) = ANY($1::text[])`, [emails]);
  const wave = await api.post(`/api/conferences/${conferenceId}/waves`, { name: `Wave ${Date.now()}`, audience: { contactIds: found.map((r) => r.id) } });
  await api.post(`/api/waves/${wave.body.id}/dispatch`);
  await waitFor(async () => ['completed', 'completed_with_failures'].includes((await api.get(`/api/waves/${wave.body.id}`)).body.state), 'the wave to be sent', 60000);
  const { rows } = await db.query(`SELECT i.id, lower(c.email) AS email FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE i.wave_id = $1`, [wave.body.id]);
  return Object.fromEntries(rows.map((r) => [r.email, r.id]));
}

/** Uploads a delegation's accreditation document through its RSVP link; answers the stored document. */
export async function uploadCredential(baseUrl: string, tokens: InvitationTokens, invitationId: string): Promise<{ id: string; status: string }> {
  const body = new FormData();
  body.append('file', new Blob([MINIMAL_PDF], { type: 'application/pdf' }), 'credentials.pdf');
  const response = await fetch(`${baseUrl}/rsvp/${tokens.tokenFor(invitationId)}/credentials`, { method: 'POST', body, headers: { accept: 'application/json' } });
  if (response.status !== 201) throw new Error(`credentials upload: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; status: string };
}

/** Waits until the workers have produced `count` badges for the conference. */
export const badgesIssued = (api: ApiClient, conferenceId: string, count: number) =>
  waitFor(async () => {
    const { body } = await api.get(`/api/conferences/${conferenceId}/logistics`);
    return body.badges.issued === count ? body : null;
  }, `${count} badges to be issued`, 30000);

/** Marks every task of the conference's checklist done, once the worker has seeded it. */
export async function allTasksDone(api: ApiClient, conferenceId: string): Promise<void> {
  const tasks = await waitFor(async () => {
    const { body } = await api.get(`/api/conferences/${conferenceId}/tasks`);
    return body.items.length ? body.items : null;
  }, `the checklist of ${conferenceId} to be seeded`);
  for (const task of tasks) {
    const done = await api.patch(`/api/tasks/${task.id}`, { done: true });
    if (done.status !== 200) throw new Error(`task: ${done.status} ${done.text}`);
  }
}
