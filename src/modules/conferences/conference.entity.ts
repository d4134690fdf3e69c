import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ConferenceState } from './conference-lifecycle';

export type ConferenceKind = 'regional' | 'summit';

/** A conference's own words in one working language; what is missing falls back to the English fields. */
export interface ConferenceText {
  title?: string;
  city?: string;
  venue?: string;
}

@Entity('conferences')
export class Conference {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'series_id' })
  seriesId!: string;

  @Column('text')
  kind!: ConferenceKind;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  city!: string | null;

  @Column('char', { length: 2, nullable: true })
  country!: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  partners!: string[];

  @Column('date', { name: 'starts_on', nullable: true })
  startsOn!: string | null;

  @Column('date', { name: 'ends_on', nullable: true })
  endsOn!: string | null;

  @Column('text', { nullable: true })
  timezone!: string | null;

  @Column('integer', { nullable: true })
  capacity!: number | null;

  @Column('text', { array: true, default: () => "'{en}'" })
  languages!: string[];

  @Column('timestamptz', { name: 'rsvp_deadline', nullable: true })
  rsvpDeadline!: Date | null;

  /** Set when the deadline was given as a date: the day it ends, conference time (rsvpDeadline is its last instant). */
  @Column('date', { name: 'rsvp_deadline_date', nullable: true })
  rsvpDeadlineDate!: string | null;

  /** The calendar file's SEQUENCE: one more at every change and transition, so calendars take the newest file. */
  @Column('integer', { name: 'calendar_sequence', default: 0 })
  calendarSequence!: number;

  @Column('jsonb', { default: () => "'{}'::jsonb" })
  translations!: Partial<Record<string, ConferenceText>>;

  @Column('integer', { name: 'delegation_quota', default: 0 })
  delegationQuota!: number;

  @Column('text', { default: 'planning' })
  state!: ConferenceState;

  @Column('timestamptz', { name: 'state_changed_at' })
  stateChangedAt!: Date;

  /** Set from the service's clock, so that on the manual clock it agrees with every other recorded time. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set from the service's clock on every change; other modules read it as the conference's version (see changeTime). */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
