import { MigrationInterface, QueryRunner } from 'typeorm';

export class Confirmations1764320000000 implements MigrationInterface {
  name = 'Confirmations1764320000000';

  async up(q: QueryRunner): Promise<void> {
    // Messages sent through the mail queue, by Message-ID: a job delivered twice sends once.
    await q.query(`
      CREATE TABLE mail_deliveries (
        message_id text PRIMARY KEY,
        kind text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Per conference: the capacity its places were laid out for, and how long a waitlist offer stays open.
    await q.query(`
      CREATE TABLE place_ledgers (
        conference_id uuid PRIMARY KEY REFERENCES conferences (id),
        capacity integer NOT NULL DEFAULT 0 CHECK (capacity >= 0),
        -- The conference's updated_at the capacity was read at: an older read never lays places out again.
        laid_out_for timestamptz,
        offer_window_hours integer NOT NULL DEFAULT 48 CHECK (offer_window_hours BETWEEN 1 AND 2160),
        waitlist_next bigint NOT NULL DEFAULT 0
      )`);

    // One row per place of a conference. A party takes its places by locking free rows with SKIP
    // LOCKED, so concurrent answers never wait on one another and never take more than there are.
    // held: freed while parties wait, kept for the waitlist until the offer job hands them on.
    await q.query(`
      CREATE TABLE places (
        conference_id uuid NOT NULL REFERENCES conferences (id),
        place_no integer NOT NULL,
        invitation_id uuid,
        held boolean NOT NULL DEFAULT false,
        PRIMARY KEY (conference_id, place_no)
      )`);
    await q.query(`CREATE INDEX places_free ON places (conference_id, place_no) WHERE invitation_id IS NULL AND NOT held`);
    await q.query(`CREATE INDEX places_unassigned ON places (conference_id, place_no) WHERE invitation_id IS NULL`);
    await q.query(`CREATE INDEX places_by_party ON places (invitation_id) WHERE invitation_id IS NOT NULL`);

    // The answer of one invitation (the invitee and the delegates named), whatever its state.
    await q.query(`
      CREATE TABLE rsvp_parties (
        invitation_id uuid PRIMARY KEY,
        conference_id uuid NOT NULL REFERENCES conferences (id),
        contact_id uuid,
        status text NOT NULL DEFAULT 'none'
          CHECK (status IN ('none', 'accepted', 'declined', 'waitlisted', 'offered', 'lapsed')),
        size integer NOT NULL DEFAULT 0,
        places integer NOT NULL DEFAULT 0,
        request jsonb NOT NULL DEFAULT '{}',
        language text NOT NULL DEFAULT 'en',
        timezone text,
        stakeholder_type text,
        country text,
        organisation text,
        waitlist_rank numeric,
        waitlisted_at timestamptz,
        offered_at timestamptz,
        offer_expires_at timestamptz,
        offers_made integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX rsvp_parties_waitlist ON rsvp_parties (conference_id, waitlist_rank) WHERE status = 'waitlisted'`);
    await q.query(`CREATE INDEX rsvp_parties_offers ON rsvp_parties (offer_expires_at) WHERE status = 'offered'`);
    await q.query(`CREATE INDEX rsvp_parties_by_contact ON rsvp_parties (contact_id)`);

    // Every change of an answer: who, when, what (ids and fields, no names).
    await q.query(`
      CREATE TABLE rsvp_changes (
        id bigserial PRIMARY KEY,
        invitation_id uuid NOT NULL,
        conference_id uuid NOT NULL,
        version integer NOT NULL,
        actor text NOT NULL,
        occurred_at timestamptz NOT NULL,
        from_status text NOT NULL,
        to_status text NOT NULL,
        reason text,
        change jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX rsvp_changes_by_invitation ON rsvp_changes (invitation_id, id)`);

    await q.query(`
      CREATE TABLE participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conference_id uuid NOT NULL REFERENCES conferences (id),
        invitation_id uuid NOT NULL,
        is_invitee boolean NOT NULL DEFAULT false,
        full_name text,
        email text,
        job_title text,
        organisation text,
        country text,
        stakeholder_type text,
        capacity text NOT NULL CHECK (capacity IN ('head', 'delegate', 'alternate', 'adviser', 'observer')),
        status text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled', 'substituted')),
        badge text NOT NULL DEFAULT 'none' CHECK (badge IN ('none', 'issued', 'revoked')),
        visa_letter text NOT NULL DEFAULT 'none' CHECK (visa_letter IN ('none', 'requested', 'issued')),
        needs_visa_letter boolean NOT NULL DEFAULT false,
        accessibility_needs text,
        arrival_on date,
        departure_on date,
        check_in_hash bytea NOT NULL,
        checked_in_at timestamptz,
        substitutes_id uuid REFERENCES participants (id),
        confirmed_at timestamptz NOT NULL,
        cancelled_at timestamptz,
        erased_at timestamptz
      )`);
    await q.query(`CREATE INDEX participants_by_conference ON participants (conference_id, id) WHERE status = 'confirmed'`);
    await q.query(`CREATE INDEX participants_by_invitation ON participants (invitation_id)`);
    await q.query(`CREATE UNIQUE INDEX participants_check_in ON participants (check_in_hash)`);

    // Notes verbales and nomination letters: PDF bytes kept in the database, never on a path built from user input.
    await q.query(`
      CREATE TABLE delegation_credentials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conference_id uuid NOT NULL REFERENCES conferences (id),
        invitation_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('note_verbale', 'nomination_letter')),
        filename text NOT NULL,
        size integer NOT NULL,
        sha256 text NOT NULL,
        content bytea,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected')),
        reason text,
        uploaded_at timestamptz(3) NOT NULL,
        reviewed_by text,
        reviewed_at timestamptz
      )`);
    await q.query(`CREATE INDEX delegation_credentials_by_conference ON delegation_credentials (conference_id, uploaded_at, id)`);
    await q.query(`CREATE INDEX delegation_credentials_by_invitation ON delegation_credentials (invitation_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['delegation_credentials', 'participants', 'rsvp_changes', 'rsvp_parties', 'places', 'place_ledgers', 'mail_deliveries']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
