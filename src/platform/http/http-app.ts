import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeysService } from '../auth/api-keys.service';
import { presentedKey } from '../auth/session-cookie';
import { QUEUE_BOARD_ROUTE } from '../observability/observability.module';
import { createValidationPipe } from './validation';

export const CSV_BODY_LIMIT = 32 * 1024 * 1024;
/** The largest file any upload route accepts. */
export const UPLOAD_LIMIT = 10 * 1024 * 1024;

/** Everything an HTTP process needs besides its modules; shared by the service and the tests. */
export async function configureHttpApp(app: NestFastifyApplication): Promise<void> {
  // The dashboard's session cookie. (Nest's Fastify adapter already parses HTML form posts.)
  await app.register(fastifyCookie);
  // Uploads (a delegation's note verbale): one file per request, read as a stream by the route that takes it.
  await app.register(fastifyMultipart, { limits: { files: 1, fields: 10, fileSize: UPLOAD_LIMIT } });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const apiKeys = app.get(ApiKeysService);
  const fastify = app.getHttpAdapter().getInstance();
  // Contact imports arrive as CSV text (the contacts module parses it); a directory of 100,000 contacts fits.
  fastify.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_request, body, done) => done(null, body));
  // The queue dashboard is mounted outside Nest's router, so its admin check is a hook of its own.
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith(QUEUE_BOARD_ROUTE)) return;
    const presented = presentedKey(request);
    // Its own UI cannot send the dashboard header, so a session write must at least come from this origin.
    if (presented?.via === 'session' && !['GET', 'HEAD'].includes(request.method) && !sameOrigin(request)) {
      return reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: 'Queue actions from the dashboard session must come from this site.' });
    }
    const caller = presented && presented.via !== 'malformed' ? await apiKeys.authenticate(presented.key) : null;
    if (!caller) return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'The queue dashboard needs an admin API key.' });
    if (caller.role !== 'admin') return reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: 'The queue dashboard is for admin keys only.' });
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Convene')
      .setDescription('Workflow service for a series of regional intergovernmental conferences feeding one summit.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

/** Browsers send Origin on every non-GET fetch; a request from another site names that site. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    // request.host honours X-Forwarded-Host behind the trusted proxy, like request.protocol.
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}
