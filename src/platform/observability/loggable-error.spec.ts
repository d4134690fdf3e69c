import { loggableError, loggableMessage } from './loggable-error';

const pgError = (message: string, code: string) => Object.assign(new Error(message), { name: 'QueryFailedError', code });

describe('loggable errors', () => {
  it('drops the value PostgreSQL quotes in a data exception, in the message and in the stack', () => {
    const error = pgError('invalid input syntax for type uuid: "zofia@mission.example"', '22P02');
    const logged = loggableError(error);
    expect(logged).toMatchObject({ name: 'QueryFailedError', code: '22P02', message: 'invalid input syntax for type uuid: "<value>"' });
    expect(logged.stack).toMatch(/^QueryFailedError: invalid input syntax for type uuid: "<value>"\n {4}at /);
    expect(JSON.stringify(logged)).not.toContain('zofia');
    expect(loggableMessage(pgError('invalid input value for enum role: "a \\"quoted\\" name"', '22P02'))).toBe('invalid input value for enum role: "<value>"');
  });

  it('keeps other messages whole: the names of relations and constraints help to act', () => {
    expect(loggableMessage(pgError('relation "contacts" does not exist', '42P01'))).toBe('relation "contacts" does not exist');
    expect(loggableMessage(pgError('duplicate key value violates unique constraint "contacts_email_unique"', '23505'))).toBe(
      'duplicate key value violates unique constraint "contacts_email_unique"',
    );
    expect(loggableError(new Error('plain'))).toEqual({ name: 'Error', message: 'plain', stack: expect.stringMatching(/^Error: plain\n/) });
  });
});
