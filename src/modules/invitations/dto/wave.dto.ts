import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsInstant } from '../../../platform/http/validators';
import { PageQuery } from '../../../platform/http/pagination';
import type { AudienceCriteria } from '../../contacts/audience';

export class CreateWaveDto {
  @ApiProperty({ example: 'Member States — first wave' })
  @IsString()
  @Length(1, 200)
  name!: string;

  /** Checked in depth by the contacts directory, which names each bad criterion. */
  @ApiProperty({ example: { stakeholderTypes: ['member_state'], regions: ['150'] } })
  @IsDefined({ message: 'audience is required: give stakeholderTypes, countries, regions and/or contactIds' })
  @IsObject({ message: 'audience must be an object with stakeholderTypes, countries, regions and/or contactIds' })
  audience!: AudienceCriteria;

  @ApiPropertyOptional({ example: '2027-08-20T08:00:00+02:00', description: 'Send at this time instead of on dispatch' })
  @IsOptional()
  @IsInstant({ message: 'sendAt must be an ISO-8601 time with offset' })
  sendAt?: string;

  @ApiPropertyOptional({ default: false, description: 'Invite contacts the directory marks undeliverable (after a permanent bounce) too; by default they are skipped and counted' })
  @IsOptional()
  @IsBoolean({ message: 'includeUndeliverable must be true or false' })
  includeUndeliverable?: boolean;
}

export const DELIVERY_STATES = ['queued', 'sent', 'failed', 'bounced'] as const;
export const RESPONSES = ['none', 'accepted', 'declined', 'waitlisted', 'offered', 'cancelled'] as const;

export class InvitationListQuery extends PageQuery {
  @IsOptional()
  @IsIn(DELIVERY_STATES, { message: `delivery must be one of ${DELIVERY_STATES.join(', ')}` })
  delivery?: string;

  @IsOptional()
  @IsIn(RESPONSES, { message: `response must be one of ${RESPONSES.join(', ')}` })
  response?: string;

  @IsOptional()
  @IsUUID('all', { message: 'waveId must be the id of a wave of this conference' })
  waveId?: string;
}
