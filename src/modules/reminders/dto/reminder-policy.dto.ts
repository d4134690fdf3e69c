import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEmail, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CLOCK_TIME } from '../quiet-hours';

const clockTime = (field: string) => ({ message: `${field} must be a local time written HH:MM, e.g. 08:00` });

export class NonRespondersPolicyDto {
  @ApiProperty({ example: [14, 7, 3], description: 'Days before the RSVP deadline; [] sends no reminder to non-responders' })
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique({ message: 'daysBeforeDeadline must not repeat a day' })
  @IsInt({ each: true, message: 'daysBeforeDeadline must hold whole days' })
  @Min(1, { each: true, message: 'daysBeforeDeadline days must be at least 1' })
  @Max(365, { each: true, message: 'daysBeforeDeadline days must be at most 365' })
  daysBeforeDeadline!: number[];
}

export class ParticipantsPolicyDto {
  @ApiProperty({ example: [2], description: 'Days before the start; [] sends none' })
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique({ message: 'daysBeforeStart must not repeat a day' })
  @IsInt({ each: true, message: 'daysBeforeStart must hold whole days' })
  @Min(1, { each: true, message: 'daysBeforeStart days must be at least 1' })
  @Max(365, { each: true, message: 'daysBeforeStart days must be at most 365' })
  daysBeforeStart!: number[];
}

export class QuietHoursDto {
  @ApiProperty({ example: '20:00' })
  @Matches(CLOCK_TIME, clockTime('quietHours.from'))
  from!: string;

  @ApiProperty({ example: '08:00' })
  @Matches(CLOCK_TIME, clockTime('quietHours.to'))
  to!: string;
}

export class DigestDto {
  @ApiProperty({ example: '08:00', description: 'Local time of the conference' })
  @Matches(CLOCK_TIME, clockTime('digest.at'))
  at!: string;

  @ApiPropertyOptional({ example: 'secretariat@example.org', description: 'Default: SECRETARIAT_EMAIL, else the sender address' })
  @IsOptional()
  @IsEmail({}, { message: 'digest.to must be an e-mail address' })
  to?: string;
}

/**
 * PUT replaces the policy. A part left out takes its default (non-responders 14, 7, 3 days before the
 * deadline; participants 2 days before the start; quiet hours 20:00–08:00 in each recipient's time
 * zone; digest at 08:00 conference time); quietHours or digest set to null turns that part off.
 */
export class ReminderPolicyDto {
  @ApiPropertyOptional({ type: NonRespondersPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NonRespondersPolicyDto)
  nonResponders?: NonRespondersPolicyDto;

  @ApiPropertyOptional({ type: ParticipantsPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ParticipantsPolicyDto)
  participants?: ParticipantsPolicyDto;

  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true, description: 'In each recipient\'s time zone, else the conference\'s; null: none' })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;

  @ApiPropertyOptional({ type: DigestDto, nullable: true, description: 'Daily digest of overdue items for the secretariat; null: none' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DigestDto)
  digest?: DigestDto | null;
}

