import { MigrationInterface, QueryRunner } from 'typeorm';

export class InviteeJobTitles1767220000001 implements MigrationInterface {
  name = 'InviteeJobTitles1767220000001';

  async up(q: QueryRunner): Promise<void> {
    // Answers used to leave the invitee's title empty; the lists of participants and later prints take it from the contact invited.
    await q.query(`
      UPDATE participants p SET job_title = c.job_title
      FROM invitations i JOIN contacts c ON c.id = i.contact_id
      WHERE p.invitation_id = i.id AND p.is_invitee AND p.job_title IS NULL AND p.erased_at IS NULL AND c.erased_at IS NULL AND c.job_title IS NOT NULL`);
  }

  async down(): Promise<void> {
    // The titles copied are the contacts' own, as an answer now copies them: going back keeps them.
  }
}
