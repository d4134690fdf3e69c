import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StatementPart, composeStatement } from '../../platform/database/statement-parts';
import { ContactsService } from '../contacts';
import { Parties } from '../places';

/** What a report counts of participants alike: how many share one country, organisation, stakeholder type, capacity and gender (the invitee contact's: delegates are not asked). */
export interface AttendeeProfile {
  count: number;
  country: string | null;
  organisation: string | null;
  stakeholderType: string | null;
  capacity: string;
  gender: string | null;
}

/** Participants as follow-up reports count them: grouped by country, organisation, stakeholder type, capacity and gender. */
@Injectable()
export class AttendeeProfiles {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly parties: Parties,
    private readonly contacts: ContactsService,
  ) {}

  /** The profiles of the participants whose ids the column `idColumn` of the caller's part `ids` yields, in one statement with it. */
  async profilesOf(ids: StatementPart, idColumn: string): Promise<AttendeeProfile[]> {
    const people: StatementPart = {
      with: [
        [
          'attendee_rows',
          `SELECT id, invitation_id, is_invitee, country, organisation, stakeholder_type, capacity FROM participants WHERE id IN (SELECT ${idColumn} FROM ${ids.yields})`,
        ],
      ],
      values: [],
      yields: 'attendee_rows',
    };
    const contacts = this.parties.contactPart(people, 'invitation_id');
    const genders = this.contacts.genderPart(contacts, 'contact_id');
    const { text, values } = composeStatement(
      [ids, people, contacts, genders],
      `SELECT p.country, p.organisation, p.stakeholder_type, p.capacity, CASE WHEN p.is_invitee THEN g.gender END AS gender, count(*)::int AS n
       FROM ${people.yields} p LEFT JOIN ${contacts.yields} c ON c.invitation_id = p.invitation_id LEFT JOIN ${genders.yields} g ON g.id = c.contact_id
       GROUP BY 1, 2, 3, 4, 5`,
      { inline: true },
    );
    const rows: Array<Record<string, any>> = await this.dataSource.query(text, values);
    return rows.map((r) => ({
      count: r.n,
      country: r.country,
      organisation: r.organisation,
      stakeholderType: r.stakeholder_type,
      capacity: r.capacity!,
      gender: r.gender,
    }));
  }
}
