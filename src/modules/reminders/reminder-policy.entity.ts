import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DEFAULT_POLICY, ReminderPolicy } from './reminder-plan';

/** A conference's own reminder policy; without one it follows DEFAULT_POLICY. */
@Entity('reminder_policies')
export class ReminderPolicyRecord {
  @PrimaryColumn('uuid', { name: 'conference_id' })
  conferenceId!: string;

  @Column('integer', { name: 'non_responder_days', array: true })
  nonResponderDays!: number[];

  @Column('integer', { name: 'participant_days', array: true })
  participantDays!: number[];

  @Column('text', { name: 'quiet_from', nullable: true })
  quietFrom!: string | null;

  @Column('text', { name: 'quiet_to', nullable: true })
  quietTo!: string | null;

  @Column('text', { name: 'digest_at', nullable: true })
  digestAt!: string | null;

  @Column('text', { name: 'digest_to', nullable: true })
  digestTo!: string | null;

  @Column('text', { name: 'updated_by' })
  updatedBy!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** The policy a record stands for; no record means the default. */
export function policyOf(record: ReminderPolicyRecord | null): ReminderPolicy {
  if (!record) return structuredClone(DEFAULT_POLICY) as ReminderPolicy;
  return {
    nonResponders: { daysBeforeDeadline: [...record.nonResponderDays] },
    participants: { daysBeforeStart: [...record.participantDays] },
    quietHours: record.quietFrom && record.quietTo ? { from: record.quietFrom, to: record.quietTo } : null,
    digest: record.digestAt ? { at: record.digestAt, to: record.digestTo } : null,
  };
}
