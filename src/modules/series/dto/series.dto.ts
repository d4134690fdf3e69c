import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsISO31661Alpha2, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsIanaTimeZone } from '../../../platform/http/validators';

export class SummitDto {
  @ApiProperty({ example: 'Second Counter-Terrorism Week' })
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiProperty({ example: 'New York' })
  @IsString()
  @Length(1, 120)
  city!: string;

  @ApiProperty({ example: 'US' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as US' })
  country!: string;

  @ApiProperty({ example: '2020-06-29' })
  @IsCalendarDate()
  startsOn!: string;

  @ApiProperty({ example: '2020-07-03' })
  @IsCalendarDate()
  endsOn!: string;

  @ApiProperty({ example: 'America/New_York' })
  @IsIanaTimeZone()
  timezone!: string;

  @ApiProperty({ example: 1000 })
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity!: number;
}

export class CreateSeriesDto {
  @ApiProperty({ example: 'Countering terrorism with new technologies 2019–2020' })
  @IsString()
  @Length(1, 300)
  name!: string;

  @ApiProperty({ type: SummitDto })
  @IsDefined({ message: 'summit is required: every series feeds exactly one summit' })
  @ValidateNested()
  @Type(() => SummitDto)
  summit!: SummitDto;
}
