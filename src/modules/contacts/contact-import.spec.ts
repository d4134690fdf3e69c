import { DomainError } from '../../platform/http/domain-error';
import { MAX_IMPORT_ROWS, readImport } from './contact-import';

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('readImport', () => {
  it('numbers CSV rows from the first data row, reports every reason, keeps the good rows', () => {
    const csv = [
      'email,fullName,stakeholderType,country,language,timezone',
      'a.ivanova@mfa.gov.by,Anna Ivanova,member_state,BY,ru,Europe/Minsk',
      'not-an-email,,member_state,,de,Mars/Olympus',
      '',
      'k.mohammed@example.ae,Khalid Mohammed,civil_society,,AR,',
    ].join('\n');
    const { valid, rejected } = readImport(csv);
    expect(valid.map((r) => [r.row, r.contact.email, r.contact.language])).toEqual([
      [1, 'a.ivanova@mfa.gov.by', 'ru'],
      [4, 'k.mohammed@example.ae', 'ar'],
    ]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].row).toBe(2);
    expect(rejected[0].errors.map((e) => e.split(':')[0]).sort()).toEqual(['country', 'email', 'fullName', 'language', 'timezone']);
  });

  it('reads headers in other spellings, semicolon files and quoted cells', () => {
    const csv = '\uFEFFE-mail;Full Name;stakeholder_type;Organization\r\n"x@un.org";"Doe; Jane";un_entity;"UNOCT, New York"\r\n';
    const { valid, rejected } = readImport(csv);
    expect(rejected).toEqual([]);
    expect(valid[0].contact).toMatchObject({ email: 'x@un.org', fullName: 'Doe; Jane', stakeholderType: 'un_entity', organisation: 'UNOCT, New York' });
  });

  it('refuses a header it cannot use, naming what is wrong', () => {
    const error = refusal(() => readImport('email,fullName,colour,email\nx@y.org,X,blue,x@y.org\n'));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/unknown column "colour"/);
    expect(error.message).toMatch(/email appears more than once/);
    expect(error.message).toMatch(/lacks stakeholderType/);
    expect(refusal(() => readImport('')).code).toBe('import_csv_empty');
  });

  it('reports unreadable and overlong CSV rows without losing the others', () => {
    const csv = ['email,fullName,stakeholderType', 'a@x.org,A,academia', 'b@x.org,B "the" C,academia', 'c@x.org,C,academia,extra', 'd@x.org,D,academia'].join('\n');
    const { valid, rejected } = readImport(csv);
    expect(valid.map((r) => r.row)).toEqual([1, 4]);
    expect(rejected.map((r) => r.row)).toEqual([2, 3]);
    expect(rejected[0].errors[0]).toMatch(/not readable CSV/);
    expect(rejected[1].errors[0]).toMatch(/has 4 cells but the header names 3 columns/);
  });

  it('refuses a repeated e-mail in any case, pointing at the first row', () => {
    const { valid, rejected } = readImport([
      { email: 'Anna@MFA.gov.by', fullName: 'Anna', stakeholderType: 'member_state', country: 'by' },
      { email: 'anna@mfa.gov.by', fullName: 'Anna again', stakeholderType: 'member_state', country: 'BY' },
    ]);
    expect(valid).toHaveLength(1);
    expect(valid[0].contact.country).toBe('BY');
    expect(rejected).toEqual([{ row: 2, errors: ['email: the same e-mail as row 1 of this import; give each person once'] }]);
  });

  it('numbers JSON rows from 1 and refuses unknown fields and non-objects', () => {
    const { rejected } = readImport([{ email: 'a@x.org', fullName: 'A', stakeholderType: 'academia', colour: 'blue' }, 'b@x.org', { email: 'c@x.org', fullName: 'C', stakeholderType: 'member_state' }]);
    expect(rejected).toEqual([
      { row: 1, errors: ['colour: unknown field; remove it'] },
      { row: 2, errors: [expect.stringMatching(/must be an object/)] },
      { row: 3, errors: ['country: is required'] },
    ]);
  });

  it('refuses bodies that are neither CSV nor an array, and imports over the row limit', () => {
    expect(refusal(() => readImport({ email: 'a@x.org' })).code).toBe('import_body_invalid');
    const tooMany = refusal(() => readImport(Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => ({}))));
    expect(tooMany.status).toBe(413);
    expect(tooMany.message).toMatch(/at most 100,000 rows; this one has 100,001/);
  });
});
