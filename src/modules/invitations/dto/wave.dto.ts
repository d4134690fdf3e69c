import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsInstant } from '../../../platform/http/validators';
import { PageQuery } from '../../../platform/http/pagination';
import type { AudienceCriteria } from '../../contacts';
import { STAKEHOLDER_TYPES } from '../../contacts';
import { REGIONAL_GROUPS } from '../../contacts';

/** The OpenAPI shape of an audience; the checks themselves are audienceProblems', which name each bad criterion. */
export class AudienceDto implements AudienceCriteria {
  @ApiPropertyOptional({ type: [String], enum: STAKEHOLDER_TYPES, example: ['member_state'], description: 'Contacts of any of these stakeholder types' })
  stakeholderTypes?: string[];

  @ApiPropertyOptional({ type: [String], example: ['BY', 'KZ'], description: 'Contacts of any of these countries (ISO 3166-1 alpha-2)' })
  countries?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['150', 'WEOG'],
    description: `Contacts of a country in any of these UN M49 areas ("150" Europe, "419" Latin America and the Caribbean, "145" Western Asia…) or UN regional groups (${REGIONAL_GROUPS.join(', ')})`,
  })
  regions?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'These contacts by id' })
  contactIds?: string[];
}

export class AudiencePreviewDto {
  @ApiProperty({ type: () => AudienceDto, description: 'A contact matches when it matches every criterion given; a criterion, when the contact has any of its values' })
  @IsDefined({ message: 'audience is required: give stakeholderTypes, countries, regions and/or contactIds' })
  @IsObject({ message: 'audience must be an object with stakeholderTypes, countries, regions and/or contactIds' })
  audience!: AudienceCriteria;
}

export class AudiencePreview {
  @ApiProperty({ example: 412, description: 'Contacts the audience matches now' })
  audienceSize!: number;

  @ApiProperty({ example: 37, description: 'Of those, contacts this conference has already invited (a wave skips them)' })
  alreadyInvited!: number;

  @ApiProperty({ example: 2, description: 'Of those, contacts marked undeliverable after a permanent bounce' })
  undeliverable!: number;
}

export class CreateWaveDto {
  @ApiProperty({ example: 'Member States — first wave' })
  @IsString()
  @Length(1, 200)
  name!: string;

  /** Checked in depth by the contacts directory, which names each bad criterion. */
  @ApiProperty({ type: () => AudienceDto, example: { stakeholderTypes: ['member_state'], regions: ['150'] }, description: 'A contact matches when it matches every criterion given; a criterion, when the contact has any of its values' })
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
  @ApiPropertyOptional({ enum: DELIVERY_STATES })
  @IsOptional()
  @IsIn(DELIVERY_STATES, { message: `delivery must be one of ${DELIVERY_STATES.join(', ')}` })
  delivery?: string;

  @ApiPropertyOptional({ enum: RESPONSES, description: 'none: who has not answered' })
  @IsOptional()
  @IsIn(RESPONSES, { message: `response must be one of ${RESPONSES.join(', ')}` })
  response?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'waveId must be the id of a wave of this conference' })
  waveId?: string;
}
