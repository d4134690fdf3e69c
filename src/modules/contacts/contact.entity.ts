import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const STAKEHOLDER_TYPES = ['member_state', 'international_org', 'regional_org', 'un_entity', 'civil_society', 'academia', 'private_sector'] as const;
export type StakeholderType = (typeof STAKEHOLDER_TYPES)[number];

/**
 * A person who can be invited. Erasure empties the personal fields and sets erasedAt; the row
 * stays, with its stakeholder type, country and language, so counts in reports do not change.
 */
@Entity('contacts')
export class Contact {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique case-insensitively among contacts not erased; null once erased. */
  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text', { name: 'full_name', nullable: true })
  fullName!: string | null;

  @Column('text', { nullable: true })
  honorific!: string | null;

  @Column('text', { name: 'job_title', nullable: true })
  jobTitle!: string | null;

  @Column('text', { nullable: true })
  organisation!: string | null;

  /** ISO 3166-1 alpha-2, upper case. */
  @Column('text', { nullable: true })
  country!: string | null;

  @Column('text', { name: 'stakeholder_type' })
  stakeholderType!: StakeholderType;

  @Column('text', { default: 'en' })
  language!: string;

  @Column('text', { nullable: true })
  timezone!: string | null;

  @Column('text', { nullable: true })
  gender!: string | null;

  /** Written with the service's clock by every statement that creates or changes a contact. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'erased_at', nullable: true })
  erasedAt!: Date | null;
}
