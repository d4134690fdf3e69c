import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { ConferencesService } from '../conferences';
import type { ConferenceState } from '../conferences';
import { ReminderPolicyDto } from './dto/reminder-policy.dto';
import { DEFAULT_POLICY, ReminderPolicy } from './reminder-plan';
import { ReminderPlanner } from './reminder-planner';
import { ReminderPolicyRecord, policyOf } from './reminder-policy.entity';

export interface ReminderPolicyView extends ReminderPolicy {
  conferenceId: string;
  /** True while the conference has no policy of its own. */
  isDefault: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** A policy still shapes steps that have not gone out; once a conference is in session there are none. */
const POLICY_STATES: ConferenceState[] = ['planning', 'inviting', 'registration_closed', 'ready', 'postponed'];

const descending = (days: number[]) => [...days].sort((a, b) => b - a);

/** A conference's reminder policy: its own, or the default until it sets one. */
@Injectable()
export class ReminderPolicies {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly conferences: ConferencesService,
    private readonly planner: ReminderPlanner,
    private readonly clock: ClockService,
  ) {}

  async effective(conferenceId: string, manager: EntityManager = this.dataSource.manager): Promise<ReminderPolicy> {
    return policyOf(await manager.findOne(ReminderPolicyRecord, { where: { conferenceId } }));
  }

  async view(conferenceId: string): Promise<ReminderPolicyView> {
    await this.conferences.find(conferenceId);
    const record = await this.dataSource.manager.findOne(ReminderPolicyRecord, { where: { conferenceId } });
    return toView(conferenceId, record);
  }

  /** Replaces the policy and re-plans the steps that have not gone out, in one transaction. */
  async replace(conferenceId: string, dto: ReminderPolicyDto, actor: string): Promise<ReminderPolicyView> {
    const conference = await this.conferences.find(conferenceId);
    if (!POLICY_STATES.includes(conference.state)) {
      throw DomainError.conflict('reminders_over', `Reminders can be changed until a conference is in session; this one is ${conference.state}.`);
    }
    const policy = fromDto(dto);
    const now = await this.clock.now();
    const record = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(ReminderPolicyRecord, {
          conferenceId,
          nonResponderDays: policy.nonResponders.daysBeforeDeadline,
          participantDays: policy.participants.daysBeforeStart,
          quietFrom: policy.quietHours?.from ?? null,
          quietTo: policy.quietHours?.to ?? null,
          digestAt: policy.digest?.at ?? null,
          digestTo: policy.digest?.to ?? null,
          updatedBy: actor,
          updatedAt: now,
        }),
      );
      await this.planner.planLocked(manager, conferenceId, policy, now);
      return saved;
    });
    return toView(conferenceId, record);
  }
}

function fromDto(dto: ReminderPolicyDto): ReminderPolicy {
  const quietHours = dto.quietHours === undefined ? DEFAULT_POLICY.quietHours : dto.quietHours;
  if (quietHours && quietHours.from === quietHours.to) {
    throw DomainError.badRequest('invalid_quiet_hours', 'quietHours.from and quietHours.to must differ; send quietHours: null for no quiet hours.', {
      fields: [{ field: 'quietHours', problems: ['from and to must differ'] }],
    });
  }
  const digest = dto.digest === undefined ? DEFAULT_POLICY.digest : dto.digest;
  return {
    nonResponders: { daysBeforeDeadline: descending(dto.nonResponders?.daysBeforeDeadline ?? DEFAULT_POLICY.nonResponders.daysBeforeDeadline) },
    participants: { daysBeforeStart: descending(dto.participants?.daysBeforeStart ?? DEFAULT_POLICY.participants.daysBeforeStart) },
    quietHours: quietHours ? { from: quietHours.from, to: quietHours.to } : null,
    digest: digest ? { at: digest.at, to: digest.to?.trim() || null } : null,
  };
}

function toView(conferenceId: string, record: ReminderPolicyRecord | null): ReminderPolicyView {
  return {
    conferenceId,
    isDefault: !record,
    ...policyOf(record),
    updatedBy: record?.updatedBy ?? null,
    updatedAt: record ? new Date(record.updatedAt).toISOString() : null,
  };
}
