import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO31661Alpha2, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';
import { STAKEHOLDER_TYPES } from '../../contacts';

const blankAsMissing = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

export class ParticipantListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'BY' })
  @IsOptional()
  @Transform(blankAsMissing)
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as BY' })
  country?: string;

  @ApiPropertyOptional({ enum: STAKEHOLDER_TYPES })
  @IsOptional()
  @Transform(blankAsMissing)
  @IsIn(STAKEHOLDER_TYPES, { message: `stakeholderType must be one of ${STAKEHOLDER_TYPES.join(', ')}` })
  stakeholderType?: string;

  @ApiPropertyOptional({ enum: ['confirmed', 'cancelled', 'substituted'], default: 'confirmed' })
  @IsOptional()
  @Transform(blankAsMissing)
  @IsIn(['confirmed', 'cancelled', 'substituted'], { message: 'status must be confirmed, cancelled or substituted' })
  status?: 'confirmed' | 'cancelled' | 'substituted';

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv: every matching participant, not one page' })
  @IsOptional()
  @Transform(blankAsMissing)
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class ReviewCredentialDto {
  @ApiProperty({ enum: ['verified', 'rejected'] })
  @IsIn(['verified', 'rejected'], { message: 'status must be verified or rejected' })
  status!: 'verified' | 'rejected';

  @ApiPropertyOptional({ example: 'The note is not signed.' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}
