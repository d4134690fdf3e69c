import { Body, Controller, Module, Post } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { CSV_BODY_LIMIT } from '../../platform/http/http-app';
import { ImportBodyLimitHook, JSON_IMPORT_LIMIT } from './import-body-limit.hook';

@Controller('api/contacts')
class ImportProbe {
  @Post('import')
  import(@Body() body: unknown) {
    return { rows: Array.isArray(body) ? body.length : 0 };
  }

  @Post('other')
  other() {
    return { ok: true };
  }
}

@Module({ controllers: [ImportProbe], providers: [ImportBodyLimitHook] })
class ProbeModule {}

describe('the import body limit', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  // The body is not read: the declared length alone decides.
  const post = (url: string, type: string, declared: number) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': type, 'content-length': String(declared) }, payload: '[]' });

  it('refuses an import declared over its cap before reading it, and says what the caps are', async () => {
    const refused = await post('/api/contacts/import', 'application/json', JSON_IMPORT_LIMIT + 1);
    expect(refused.statusCode).toBe(413);
    expect(refused.headers.connection).toBe('close');
    expect(refused.json()).toMatchObject({
      code: 'import_body_too_large',
      message: expect.stringContaining('at most 32 MiB as text/csv or 10 MiB as JSON, and hold at most 100,000 rows; this one is 10.0 MiB'),
    });
    expect((await post('/api/contacts/import', 'text/csv', CSV_BODY_LIMIT + 1)).statusCode).toBe(413);
  });

  it('lets through an import within its cap (CSV may be larger than JSON) and every other route', async () => {
    // What answers these instead (this probe has no CSV parser and a smaller body limit) is not the import cap.
    const notTheCap = (response: { json(): { code?: string } }) => expect(response.json().code).not.toBe('import_body_too_large');
    notTheCap(await post('/api/contacts/import', 'text/csv; charset=utf-8', JSON_IMPORT_LIMIT + 1));
    const json = await app.inject({ method: 'POST', url: '/api/contacts/import', payload: [{}, {}] });
    expect(json.json()).toEqual({ rows: 2 });
    notTheCap(await post('/api/contacts/other', 'application/json', JSON_IMPORT_LIMIT + 1));
  });
});
