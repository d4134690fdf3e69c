import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../../../platform/http/validators';

export const CAPACITIES = ['head', 'delegate', 'alternate', 'adviser', 'observer'] as const;
export type Capacity = (typeof CAPACITIES)[number];

export class DelegateDto {
  @ApiProperty({ example: 'Olga Ivanova' })
  @IsString()
  @Length(1, 200)
  fullName!: string;

  @ApiProperty({ example: 'o.ivanova@mission.example' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ example: 'First Secretary' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  jobTitle?: string;

  @ApiPropertyOptional({ enum: CAPACITIES, default: 'delegate' })
  @IsOptional()
  @IsIn(CAPACITIES, { message: `capacity must be one of ${CAPACITIES.join(', ')}` })
  capacity?: Capacity;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  needsVisaLetter?: boolean;

  @ApiPropertyOptional({ example: 'Wheelchair access' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  accessibilityNeeds?: string;

  @ApiPropertyOptional({ description: 'The participant this delegate takes the place of (a substitution): the old badge is revoked.' })
  @IsOptional()
  @IsUUID('all', { message: 'replaces must be the id of a participant of this delegation' })
  replaces?: string;
}

/** An answer to an invitation. Omitted fields keep what the previous answer said. */
export class RsvpAnswerDto {
  @ApiProperty({ enum: ['accept', 'decline'] })
  @IsIn(['accept', 'decline'], { message: 'response must be accept or decline' })
  response!: 'accept' | 'decline';

  @ApiPropertyOptional({ type: [DelegateDto], description: 'Up to the delegation quota; omitted: the delegation stays as it was' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DelegateDto)
  delegates?: DelegateDto[];

  @ApiPropertyOptional({ enum: CAPACITIES, description: "The invitee's own capacity; by default head of a government or organisation delegation" })
  @IsOptional()
  @IsIn(CAPACITIES, { message: `capacity must be one of ${CAPACITIES.join(', ')}` })
  capacity?: Capacity;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  needsVisaLetter?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  accessibilityNeeds?: string;

  @ApiPropertyOptional({ example: '2019-10-02' })
  @IsOptional()
  @IsCalendarDate()
  arrivalOn?: string;

  @ApiPropertyOptional({ example: '2019-10-05' })
  @IsOptional()
  @IsCalendarDate()
  departureOn?: string;
}
