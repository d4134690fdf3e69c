import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO31661Alpha2, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { IsTimeZoneName } from '../../../platform/http/time-zone';
import { IsCalendarDate, IsDateOrInstant, UN_LANGUAGES } from '../../../platform/http/validators';
import { CONFERENCE_STATES, ConferenceState } from '../conference-lifecycle';

/** The conference's title, city and venue name in one language. */
export class ConferenceTextDto {
  @ApiPropertyOptional({ example: 'Conférence régionale sur la lutte contre le terrorisme au moyen des nouvelles technologies — Abou Dhabi' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  title?: string;

  @ApiPropertyOptional({ example: 'Abou Dhabi' })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  city?: string;

  @ApiPropertyOptional({ example: 'Centre national des expositions' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  venue?: string;
}

/** Texts per working language; a language not listed (or a field not given) falls back to English. */
export class ConferenceTranslationsDto {
  @ApiPropertyOptional({ type: ConferenceTextDto }) @IsOptional() @ValidateNested() @Type(() => ConferenceTextDto) ar?: ConferenceTextDto;
  @ApiPropertyOptional({ type: ConferenceTextDto }) @IsOptional() @ValidateNested() @Type(() => ConferenceTextDto) zh?: ConferenceTextDto;
  @ApiPropertyOptional({ type: ConferenceTextDto }) @IsOptional() @ValidateNested() @Type(() => ConferenceTextDto) en?: ConferenceTextDto;
  @ApiPropertyOptional({ type: ConferenceTextDto }) @IsOptional() @ValidateNested() @Type(() => ConferenceTextDto) fr?: ConferenceTextDto;
  @ApiPropertyOptional({ type: ConferenceTextDto }) @IsOptional() @ValidateNested() @Type(() => ConferenceTextDto) ru?: ConferenceTextDto;
  @ApiPropertyOptional({ type: ConferenceTextDto }) @IsOptional() @ValidateNested() @Type(() => ConferenceTextDto) es?: ConferenceTextDto;
}

export class CreateConferenceDto {
  @ApiProperty({ example: 'Regional conference on countering terrorism with new technologies — Minsk' })
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiPropertyOptional({ example: 'Minsk' })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  city?: string;

  @ApiPropertyOptional({ example: 'BY', description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as BY or TT' })
  country?: string;

  @ApiPropertyOptional({ example: ['OSCE'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 120, { each: true })
  partners?: string[];

  @ApiPropertyOptional({ example: '2019-10-03' })
  @IsOptional()
  @IsCalendarDate()
  startsOn?: string;

  @ApiPropertyOptional({ example: '2019-10-04' })
  @IsOptional()
  @IsCalendarDate()
  endsOn?: string;

  @ApiPropertyOptional({ example: 'Europe/Minsk' })
  @IsOptional()
  @IsTimeZoneName()
  timezone?: string;

  @ApiPropertyOptional({ example: 400 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity?: number;

  @ApiPropertyOptional({ example: ['en', 'ru'], enum: UN_LANGUAGES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(UN_LANGUAGES, { each: true, message: `languages must hold UN official languages: ${UN_LANGUAGES.join(', ')}` })
  languages?: string[];

  @ApiPropertyOptional({ example: '2019-09-15', description: 'A date (the end of that day, conference time) or a time with offset' })
  @IsOptional()
  @IsDateOrInstant()
  rsvpDeadline?: string;

  @ApiPropertyOptional({ type: ConferenceTranslationsDto, description: 'Title, city and venue name per working language' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConferenceTranslationsDto)
  translations?: ConferenceTranslationsDto;

  @ApiPropertyOptional({ example: 4, description: 'Delegates an invitee may name besides themselves' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  delegationQuota?: number;
}

export class UpdateConferenceDto extends PartialType(CreateConferenceDto) {}

export class TransitionDto {
  @ApiProperty({ enum: CONFERENCE_STATES })
  @IsIn(CONFERENCE_STATES, { message: `to must be one of ${CONFERENCE_STATES.join(', ')}` })
  to!: ConferenceState;

  @ApiPropertyOptional({ example: 'Venue unavailable' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class WaiverDto {
  @ApiProperty({ description: 'The regional conference whose report the summit may go without' })
  @IsString()
  @Length(36, 36, { message: 'conferenceId must be a conference id' })
  conferenceId!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}
