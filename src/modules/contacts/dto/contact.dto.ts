import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO31661Alpha2, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../../../platform/http/pagination';
import { UN_LANGUAGES } from '../../../platform/http/validators';
import { STAKEHOLDER_TYPES, StakeholderType } from '../contact.entity';
import { ContactField, ContactFields, IsContactField, normaliseField } from '../contact-rules';

/** Normalised and checked by the same rules as an import row (contact-rules.ts). */
const Field = (field: ContactField): PropertyDecorator => {
  const transform = Transform(({ value }) => normaliseField(field, value));
  const check = IsContactField(field);
  return (target, property) => {
    transform(target, property);
    check(target, property);
  };
};

/** `?country=&q=` (an empty search box) means no filter. */
const blankless =
  (normalise: (value: string) => string) =>
  ({ value }: { value: unknown }) =>
    typeof value === 'string' ? normalise(value.trim()) || undefined : value;
const trimmed = blankless((v) => v);
const upperCase = blankless((v) => v.toUpperCase());

export class CreateContactDto implements ContactFields {
  @ApiProperty({ example: 'a.ivanova@mfa.gov.by', description: 'Unique among contacts, whatever its case' })
  @Field('email')
  email!: string;

  @ApiProperty({ example: 'Anna Ivanova' })
  @Field('fullName')
  fullName!: string;

  @ApiProperty({ enum: STAKEHOLDER_TYPES })
  @Field('stakeholderType')
  stakeholderType!: StakeholderType;

  @ApiPropertyOptional({ example: 'H.E. Ms.' })
  @Field('honorific')
  honorific?: string;

  @ApiPropertyOptional({ example: 'Deputy Minister of Foreign Affairs' })
  @Field('jobTitle')
  jobTitle?: string;

  @ApiPropertyOptional({ example: 'Ministry of Foreign Affairs of Belarus' })
  @Field('organisation')
  organisation?: string;

  @ApiPropertyOptional({ example: 'BY', description: 'ISO 3166-1 alpha-2; required for member_state contacts' })
  @Field('country')
  country?: string;

  @ApiPropertyOptional({ enum: UN_LANGUAGES, default: 'en', description: 'Language of the invitations this person receives' })
  @Field('language')
  language?: string;

  @ApiPropertyOptional({ example: 'Europe/Minsk', description: 'IANA time zone, for reminders outside quiet hours' })
  @Field('timezone')
  timezone?: string;

  @ApiPropertyOptional({ example: 'female' })
  @Field('gender')
  gender?: string;
}

/** A correction to a contact: for now its address, which also clears an undeliverable mark. */
export class UpdateContactDto {
  @ApiPropertyOptional({ example: 'a.ivanova@mfa.gov.by', description: 'The corrected address; unique among contacts, whatever its case' })
  @IsOptional()
  @Field('email')
  email?: string;
}

export class ContactListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STAKEHOLDER_TYPES })
  @IsOptional()
  @Transform(trimmed)
  @IsIn(STAKEHOLDER_TYPES, { message: `stakeholderType must be one of ${STAKEHOLDER_TYPES.join(', ')}` })
  stakeholderType?: StakeholderType;

  @ApiPropertyOptional({ example: 'TT' })
  @IsOptional()
  @Transform(upperCase)
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as BY or TT' })
  country?: string;

  @ApiPropertyOptional({ example: '150', description: 'A UN M49 area code ("150" Europe, "419" Latin America and the Caribbean…) or a UN regional group (WEOG…): contacts of its countries' })
  @IsOptional()
  @Transform(upperCase)
  @IsString()
  @Length(1, 20)
  region?: string;

  @ApiPropertyOptional({ description: 'Part of a name, e-mail address or organisation, any case' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  q?: string;
}
