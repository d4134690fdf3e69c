import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowserSessionsService } from '../../platform/auth/browser-sessions.service';
import { Public } from '../../platform/auth/public.decorator';
import { SESSION_COOKIE } from '../../platform/auth/session-cookie';
import { mayOpenQueueBoard, QUEUE_BOARD_ROUTE } from '../../platform/observability/queue-board-access.hook';
import { RegionsCatalog } from '../contacts';
import { DashboardAssetFiles } from './dashboard-asset-files';
import { DashboardCatalogues } from './dashboard-catalogues';
import { deskChoices } from './desk-choices';
import { DASHBOARD_SECURITY_HEADERS } from './dashboard-page';
import { DESK_VIEWS, DeskView, renderDeskPage } from './desk-page';

const LANGUAGE_COOKIE = 'convene_lang';

/**
 * The secretariat's desk: one page per view, whose script works through the API with the browser
 * session (viewers read, admins and coordinators act, as the API decides). Without a live session
 * the person is sent to sign in on /dashboard.
 */
@ApiExcludeController()
@Public()
@Controller('dashboard/desk')
export class DeskController {
  constructor(
    private readonly sessions: BrowserSessionsService,
    private readonly catalogues: DashboardCatalogues,
    private readonly files: DashboardAssetFiles,
    private readonly regions: RegionsCatalog,
  ) {}

  @Get()
  home(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('lang') lang?: string): Promise<void> {
    return this.render(request, reply, 'conferences', null, lang);
  }

  @Get(':view')
  view(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('view') view: string, @Query('lang') lang?: string): Promise<void> {
    return this.render(request, reply, view, null, lang);
  }

  @Get(':view/:id')
  item(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('view') view: string, @Param('id') id: string, @Query('lang') lang?: string): Promise<void> {
    return this.render(request, reply, view, id, lang);
  }

  private async render(request: FastifyRequest, reply: FastifyReply, view: string, id: string | null, lang: string | undefined): Promise<void> {
    if (!(DESK_VIEWS as readonly string[]).includes(view)) {
      return void reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `The desk has no page "${view}"; see /dashboard/desk.` });
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    const caller = sessionId ? await this.sessions.authenticate(sessionId) : null;
    if (!caller) return void reply.redirect('/dashboard', 303);
    const language = this.catalogues.negotiate([lang, request.cookies[LANGUAGE_COOKIE]], request.headers['accept-language']);
    if (this.catalogues.has(lang)) {
      void reply.setCookie(LANGUAGE_COOKIE, language, { path: '/dashboard', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: 365 * 24 * 3600 });
    }
    const catalogue = this.catalogues.catalogue(language);
    const html = renderDeskPage({
      catalogue,
      languages: this.catalogues.languages(),
      assetVersions: this.files.versions(),
      caller: { name: caller.name, role: caller.role },
      view: view as DeskView,
      id,
      queueBoardUrl: mayOpenQueueBoard(caller.role) ? QUEUE_BOARD_ROUTE : null,
      choices: deskChoices(catalogue, this.regions.knownRegions().filter((r) => r.kind === 'region' || r.kind === 'subRegion' || r.kind === 'regionalGroup')),
    });
    void reply.code(200).headers(DASHBOARD_SECURITY_HEADERS).header('content-type', 'text/html; charset=utf-8').send(html);
  }
}
