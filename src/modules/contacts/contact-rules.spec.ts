import { BadRequestException } from '@nestjs/common';
import { createValidationPipe } from '../../platform/http/validation';
import { checkContact } from './contact-rules';
import { CreateContactDto } from './dto/contact.dto';

/** What the API's validation pipe says about a POST body, as "field: problem" lines. */
async function pipeErrors(body: Record<string, unknown>): Promise<string[]> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: CreateContactDto });
    return [];
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    const { fields } = error.getResponse() as { fields: Array<{ field: string; problems: string[] }> };
    return fields.map((f) => `${f.field}: ${f.problems.join(', ')}`);
  }
}

describe('contact rules', () => {
  const cases: Array<Record<string, unknown>> = [
    { email: 'a.ivanova@mfa.gov.by', fullName: 'Anna Ivanova', stakeholderType: 'member_state', country: 'by', language: 'RU', timezone: 'Europe/Minsk' },
    { email: 'not-an-email', fullName: '', stakeholderType: 'press', country: 'ZZ', language: 'de', timezone: 'Mars/Olympus', colour: 'blue' },
    { email: 'x@un.org', fullName: 'X', stakeholderType: 'member_state' },
    { email: 'x@un.org', fullName: 'X', stakeholderType: 'un_entity', honorific: 'H.E. '.repeat(20), gender: 42 },
    { fullName: 'No Address', stakeholderType: 'academia', country: null },
  ];

  it.each(cases)('says the same about a POST body and an import row: %j', async (input) => {
    const fromImport = checkContact(input).errors;
    expect((await pipeErrors(input)).sort()).toEqual([...fromImport].sort());
  });

  it('normalises what it accepts', () => {
    expect(checkContact({ email: ' Anna@MFA.gov.by ', fullName: ' Anna ', stakeholderType: 'member_state', country: ' by', language: 'RU' })).toEqual({
      contact: { email: 'Anna@MFA.gov.by', fullName: 'Anna', stakeholderType: 'member_state', country: 'BY', language: 'ru' },
      errors: [],
    });
  });

  it('names each problem', () => {
    expect(checkContact(cases[1]).errors.sort()).toEqual([
      'colour: unknown field; remove it',
      'country: country must be an ISO 3166-1 alpha-2 code such as BY or TT',
      'email: email must be an e-mail address such as name@example.org',
      'fullName: fullName must be text of 1 to 300 characters',
      'language: language must be one of the UN official languages: ar, zh, en, fr, ru, es',
      'stakeholderType: stakeholderType must be one of member_state, international_org, regional_org, un_entity, civil_society, academia, private_sector',
      'timezone: timezone must be a time zone name of the tz database, such as Asia/Dubai, Europe/Vienna or UTC; "Mars/Olympus" is not one',
    ]);
    expect(checkContact(cases[2]).errors).toEqual(['country: is required']);
  });
});
