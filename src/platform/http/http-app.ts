import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createValidationPipe } from './validation';

export const CSV_BODY_LIMIT = 32 * 1024 * 1024;
/** The largest file any upload route accepts. */
export const UPLOAD_LIMIT = 10 * 1024 * 1024;

export const DOCS_ROUTE = '/docs';

const DOCS_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const isDocsRoute = (route: string | undefined) => route !== undefined && (route === DOCS_ROUTE || route === `${DOCS_ROUTE}-yaml` || route.startsWith(`${DOCS_ROUTE}/`));

/** Everything an HTTP process needs besides its modules; shared by the service and the tests. */
export async function configureHttpApp(app: NestFastifyApplication): Promise<void> {
  // The dashboard's session cookie. (Nest's Fastify adapter already parses HTML form posts.)
  await app.register(fastifyCookie);
  // Uploads (a delegation's note verbale): one file per request, read as a stream by the route that takes it.
  await app.register(fastifyMultipart, { limits: { files: 1, fields: 10, fileSize: UPLOAD_LIMIT } });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  // Contact imports arrive as CSV text (the contacts module parses it); a directory of 100,000 contacts fits.
  fastify.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_request, body, done) => done(null, body));

  // The API's documentation page runs the Swagger UI's own scripts only; decided on the matched route, whatever the path's spelling.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (isDocsRoute(request.routeOptions.url)) reply.headers(DOCS_HEADERS);
    done();
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
