import { MigrationInterface, QueryRunner } from 'typeorm';

/** A date-only RSVP deadline ends at 23:59:59 local, as the contract writes it, not a millisecond before midnight. */
export class DeadlineToTheSecond1766600000000 implements MigrationInterface {
  name = 'DeadlineToTheSecond1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE conferences SET rsvp_deadline = date_trunc('second', rsvp_deadline) WHERE rsvp_deadline_date IS NOT NULL AND rsvp_deadline IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE conferences SET rsvp_deadline = rsvp_deadline + interval '999 milliseconds' WHERE rsvp_deadline_date IS NOT NULL AND rsvp_deadline IS NOT NULL`);
  }
}
