import { Controller, Get, Module, Param } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { LoggingModule } from './logging';

@Controller()
class ProbeController {
  @Get('rsvp/:token')
  page(@Param('token') token: string) {
    return { length: token.length };
  }

  @Get('api/conferences/:id')
  conference(@Param('id') id: string) {
    return { id };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('request logging', () => {
  const lines: Array<{ msg?: string; level?: number; req?: { url?: string }; res?: { statusCode?: number } }> = [];
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
    const moduleRef = await Test.createTestingModule({
      imports: [LoggingModule.forRoot({ logLevel: 'debug' }, destination), ProbeModule],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  it('logs a request by the route it matched, and none of the RSVP link, whose tokens must never reach a log', async () => {
    const token = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg';
    expect((await app.inject({ method: 'GET', url: `/rsvp/${token}` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/conferences/c-17?page=2' })).statusCode).toBe(200);

    // The router decodes the path: this reaches the RSVP route too, and is not logged either.
    expect((await app.inject({ method: 'GET', url: `/%72svp/${token}` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/nowhere?x=1' })).statusCode).toBe(404);
    // A path that matches no route keeps only its shape, whatever its spelling.
    expect((await app.inject({ method: 'GET', url: `/%72svp/${token}/x` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/contacts/someone@example.org/x?q=Someone` })).statusCode).toBe(404);

    const requestLines = lines.filter((line) => line.req);
    expect(requestLines.map((line) => [line.req?.url, line.res?.statusCode, line.level])).toEqual([
      ['/api/conferences/:id', 200, 20],
      ['/*', 404, 30],
      ['/rsvp/*/*', 404, 30],
      ['/api/*/*/*', 404, 30],
    ]);
    expect(JSON.stringify(lines)).not.toContain('someone');
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it('writes application lines through the same logger', () => {
    app.get(Logger).log('probe line', 'Probe');
    expect(lines.at(-1)).toMatchObject({ msg: 'probe line', context: 'Probe', level: 30 });
  });
});

describe('request logging above debug level', () => {
  const lines: Array<{ level?: number; req?: { url?: string }; res?: { statusCode?: number }; responseTime?: number }> = [];
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
    const moduleRef = await Test.createTestingModule({ imports: [LoggingModule.forRoot({ logLevel: 'info' }, destination), ProbeModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  it('writes the lines its level admits, with their response time, and none for a success', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/conferences/c-17' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(404);
    const requestLines = lines.filter((line) => line.req);
    expect(requestLines.map((line) => [line.req?.url, line.res?.statusCode, line.level])).toEqual([['/*', 404, 30]]);
    expect(typeof requestLines[0].responseTime).toBe('number');
  });
});
