import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsDefined, IsEmail, IsIn, IsInt, IsISO31661Alpha2, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ConferenceTranslationsDto } from '../../conferences';
import { IsTimeZoneName } from '../../../platform/http/time-zone';
import { IsCalendarDate, UN_LANGUAGES } from '../../../platform/http/validators';

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
  @IsTimeZoneName()
  timezone!: string;

  @ApiProperty({ example: 1000 })
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity!: number;

  @ApiPropertyOptional({ example: ['en', 'fr', 'ar'], description: 'Working languages (English when not given)' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(UN_LANGUAGES, { each: true, message: `languages must hold UN official languages: ${UN_LANGUAGES.join(', ')}` })
  languages?: string[];

  @ApiPropertyOptional({ type: ConferenceTranslationsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConferenceTranslationsDto)
  translations?: ConferenceTranslationsDto;
}

/** Who invitees write to: shown on every invitee page and mail, and the Reply-To of every mail. */
export class SecretariatDto {
  @ApiProperty({ example: 'Conference Secretariat, UN Office of Counter-Terrorism' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'ct-conferences@example.org' })
  @IsEmail({}, { message: 'secretariat.email must be an e-mail address' })
  email!: string;

  @ApiPropertyOptional({ example: '+1 212 963 1234' })
  @IsOptional()
  @Matches(/^\+?[0-9 ().\-]{5,40}$/, { message: 'secretariat.phone must be a telephone number such as +1 212 963 1234' })
  phone?: string;
}

export class CreateSeriesDto {
  @ApiProperty({ example: 'Countering terrorism with new technologies 2019–2020' })
  @IsString()
  @Length(1, 300)
  name!: string;

  @ApiPropertyOptional({ type: SecretariatDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SecretariatDto)
  secretariat?: SecretariatDto;

  @ApiProperty({ type: SummitDto })
  @IsDefined({ message: 'summit is required: every series feeds exactly one summit' })
  @ValidateNested()
  @Type(() => SummitDto)
  summit!: SummitDto;
}

/** The fields of a series itself; its summit is a conference, changed with PATCH /api/conferences/:id. */
export class UpdateSeriesDto {
  @ApiPropertyOptional({ example: 'Countering terrorism with new technologies 2019–2020' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  name?: string;

  @ApiPropertyOptional({
    type: SecretariatDto,
    nullable: true,
    description: 'Replaces the whole contact (a phone left out is removed); null removes it, and invitees then write to SECRETARIAT_EMAIL.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SecretariatDto)
  secretariat?: SecretariatDto | null;
}
