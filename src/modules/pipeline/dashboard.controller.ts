import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeysService } from '../../platform/auth/api-keys.service';
import { BrowserSessionsService } from '../../platform/auth/browser-sessions.service';
import { Public } from '../../platform/auth/public.decorator';
import { fromThisSite, SESSION_COOKIE } from '../../platform/auth/session-cookie';
import { mayOpenQueueBoard, QUEUE_BOARD_ROUTE } from '../../platform/observability/queue-board-access.hook';
import { DashboardAssetFiles } from './dashboard-asset-files';
import { DashboardCatalogue, DashboardCatalogues } from './dashboard-catalogues';
import { DASHBOARD_SECURITY_HEADERS, renderDashboardPage, renderLoginPage } from './dashboard-page';
import { LIFECYCLE_PATH } from './pipeline-milestones';

const LANGUAGE_COOKIE = 'convene_lang';
/** How often the page re-reads /api/pipeline; frequent enough to watch a wave go out. */
const POLL_MS = 3000;

/**
 * The secretariat's web page over /api/pipeline. The routes are public because they authenticate
 * themselves: the page shows the login form until the session cookie names a live session.
 */
@ApiExcludeController()
@Public()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: BrowserSessionsService,
    private readonly catalogues: DashboardCatalogues,
    private readonly files: DashboardAssetFiles,
  ) {}

  @Get()
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('lang') lang?: string): Promise<void> {
    const catalogue = this.catalogueFor(request, reply, lang);
    const sessionId = request.cookies[SESSION_COOKIE];
    const caller = sessionId ? await this.sessions.authenticate(sessionId) : null;
    if (!caller) {
      if (sessionId) this.clearSessionCookie(reply, request.protocol === 'https');
      return this.sendHtml(reply, 200, renderLoginPage({ ...this.pageContext(catalogue), notice: sessionId ? catalogue.messages['login.ended'] : undefined }));
    }
    return this.sendHtml(
      reply,
      200,
      renderDashboardPage({
        ...this.pageContext(catalogue),
        caller: { name: caller.name, role: caller.role },
        lifecycle: LIFECYCLE_PATH,
        pollMs: POLL_MS,
        queueBoardUrl: mayOpenQueueBoard(caller.role) ? QUEUE_BOARD_ROUTE : null,
      }),
    );
  }

  /** The login form posts the key; a valid one opens a server-side session whose id goes in an HttpOnly cookie. */
  @Post('login')
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    const form = (body ?? {}) as Record<string, unknown>;
    const catalogue = this.catalogueFor(request, reply, typeof form.lang === 'string' ? form.lang : undefined);
    const refuse = (status: number, messageKey: string) =>
      this.sendHtml(reply, status, renderLoginPage({ ...this.pageContext(catalogue), error: catalogue.messages[messageKey] }));

    // A login posted from another site would sign this browser in with someone else's key.
    if (!fromThisSite(request, 'allow')) return refuse(403, 'login.foreign');
    const key = typeof form.key === 'string' ? form.key.trim() : '';
    if (!key) return refuse(400, 'login.missing');
    const caller = await this.apiKeys.authenticate(key);
    if (!caller) return refuse(401, 'login.invalid');
    if (caller.role === 'checkin') return refuse(403, 'login.checkin');
    // A session id this browser held before is never carried over into the new sign-in.
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await this.sessions.end(previous);
    const sessionId = await this.sessions.start(caller, key);
    void reply.setCookie(SESSION_COOKIE, sessionId, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      // Behind the trusted proxy, request.protocol is what the browser used.
      secure: request.protocol === 'https',
    });
    return void reply.redirect('/dashboard', 303);
  }

  /** Ends the session on the server, so a copy of the cookie stops working too, then forgets the cookie. */
  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) await this.sessions.end(sessionId);
    this.clearSessionCookie(reply, request.protocol === 'https');
    void reply.redirect('/dashboard', 303);
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply): void {
    const found = this.files.get(file);
    if (!found) {
      void reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No dashboard asset named ${file}.` });
      return;
    }
    void reply
      .header('content-type', found.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${found.version}"`)
      // The page names each asset with its version, so a cached copy is never stale.
      .header('cache-control', 'public, max-age=86400')
      .send(found.body);
  }

  private pageContext(catalogue: DashboardCatalogue) {
    return { catalogue, languages: this.catalogues.languages(), assetVersions: this.files.versions() };
  }

  private catalogueFor(request: FastifyRequest, reply: FastifyReply, asked: string | undefined): DashboardCatalogue {
    const language = this.catalogues.negotiate([asked, request.cookies[LANGUAGE_COOKIE]], request.headers['accept-language']);
    if (this.catalogues.has(asked)) {
      void reply.setCookie(LANGUAGE_COOKIE, language, {
        path: '/dashboard',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: 365 * 24 * 3600,
      });
    }
    return this.catalogues.catalogue(language);
  }

  private clearSessionCookie(reply: FastifyReply, secure: boolean): void {
    void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
  }

  private sendHtml(reply: FastifyReply, status: number, html: string): void {
    void reply.code(status).headers(DASHBOARD_SECURITY_HEADERS).header('content-type', 'text/html; charset=utf-8').send(html);
  }
}
