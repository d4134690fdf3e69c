import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AudienceCriteria } from '../contacts';

export const WAVE_STATES = ['draft', 'scheduled', 'dispatching', 'completed', 'completed_with_failures', 'cancelled'] as const;
export type WaveState = (typeof WAVE_STATES)[number];

@Entity('waves')
export class Wave {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'conference_id' })
  conferenceId!: string;

  @Column('text')
  name!: string;

  @Column('jsonb')
  audience!: AudienceCriteria;

  @Column('timestamptz', { name: 'send_at', nullable: true })
  sendAt!: Date | null;

  @Column('text', { default: 'draft' })
  state!: WaveState;

  @Column('integer', { name: 'audience_size', default: 0 })
  audienceSize!: number;

  /** Contacts the audience matched when the wave was expanded. */
  @Column('integer', { default: 0 })
  targeted!: number;

  /** Of those, contacts an earlier wave had already invited: not invited again. */
  @Column('integer', { name: 'already_invited', default: 0 })
  alreadyInvited!: number;

  @Column('integer', { default: 0 })
  sent!: number;

  @Column('integer', { default: 0 })
  failed!: number;

  /** Sent, then reported undeliverable by a delivery status notification. */
  @Column('integer', { default: 0 })
  bounced!: number;

  /** Contacts the audience matched that the directory marks undeliverable, left out. */
  @Column('integer', { name: 'skipped_undeliverable', default: 0 })
  skippedUndeliverable!: number;

  /** Whether the wave invites contacts marked undeliverable too (by default it skips them). */
  @Column('boolean', { name: 'include_undeliverable', default: false })
  includeUndeliverable!: boolean;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'dispatched_at', nullable: true })
  dispatchedAt!: Date | null;

  @Column('timestamptz', { name: 'expanded_at', nullable: true })
  expandedAt!: Date | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;
}

export function toWaveView(wave: Wave) {
  const queued = wave.state === 'dispatching' || wave.expandedAt ? Math.max(0, wave.targeted - wave.alreadyInvited - wave.sent - wave.failed - wave.bounced) : 0;
  return {
    id: wave.id,
    conferenceId: wave.conferenceId,
    name: wave.name,
    audience: wave.audience,
    sendAt: wave.sendAt ? wave.sendAt.toISOString() : null,
    state: wave.state,
    audienceSize: wave.audienceSize,
    counts: { targeted: wave.targeted, alreadyInvited: wave.alreadyInvited, queued, sent: wave.sent, failed: wave.failed, bounced: wave.bounced, skippedUndeliverable: wave.skippedUndeliverable },
    includeUndeliverable: wave.includeUndeliverable,
    createdBy: wave.createdBy,
    createdAt: wave.createdAt.toISOString(),
    dispatchedAt: wave.dispatchedAt?.toISOString() ?? null,
    completedAt: wave.completedAt?.toISOString() ?? null,
  };
}
