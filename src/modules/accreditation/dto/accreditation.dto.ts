import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

export class CheckInDto {
  @ApiProperty({ description: "the text of the badge's QR code" })
  @IsString({ message: 'code must be the text read from the badge' })
  @Length(1, 200, { message: 'code must be the text read from the badge (1 to 200 characters)' })
  code!: string;
}

export class ParticipantListDto {
  @ApiProperty({ enum: ['provisional', 'final'] })
  @IsIn(['provisional', 'final'], { message: 'kind must be provisional or final' })
  kind!: 'provisional' | 'final';
}

export class ParticipantListQuery {
  @ApiPropertyOptional({ enum: ['provisional', 'final'], default: 'provisional' })
  @IsOptional()
  @IsIn(['provisional', 'final'], { message: 'kind must be provisional or final' })
  kind?: 'provisional' | 'final';

  @ApiPropertyOptional({ enum: ['pdf', 'csv'], default: 'pdf' })
  @IsOptional()
  @IsIn(['pdf', 'csv'], { message: 'format must be pdf or csv' })
  format?: 'pdf' | 'csv';
}
