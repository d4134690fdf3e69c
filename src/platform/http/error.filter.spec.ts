import { ArgumentsHost, Logger } from '@nestjs/common';
import { ErrorFilter } from './error.filter';

function answer(exception: unknown) {
  const sent: { status?: number; headers: Record<string, string>; body?: any } = { headers: {} };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return sent;
}

describe('ErrorFilter and lost connections', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['a session ended by the server', Object.assign(new Error('terminating connection due to administrator command'), { driverError: { code: '57P01' } })],
    ['a connection dropped', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect', new Error('timeout exceeded when trying to connect')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
  ])('answers 503 with Retry-After and no stack for %s', (_what, exception) => {
    const sent = answer(exception);
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('1');
    expect(sent.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/try again/) });
  });

  it('still answers 500 for anything else', () => {
    expect(answer(new TypeError('x is undefined')).status).toBe(500);
  });
});
