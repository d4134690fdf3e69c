import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeysService } from '../../platform/auth/api-keys.service';
import { BrowserSessionsService } from '../../platform/auth/browser-sessions.service';
import { Public } from '../../platform/auth/public.decorator';
import { fromThisSite, SESSION_COOKIE } from '../../platform/auth/session-cookie';
import { CHECK_IN_DESK_HEADERS, DESK_CSS, DESK_JS, renderDesk, renderDeskLogin } from './check-in-desk-page';

const ASSETS: Record<string, { type: string; body: string }> = {
  'desk.css': { type: 'text/css; charset=utf-8', body: DESK_CSS },
  'desk.js': { type: 'text/javascript; charset=utf-8', body: DESK_JS },
};

/**
 * The check-in desk page. Public routes because they authenticate themselves, with the same
 * server-side sessions as the dashboard; a viewer key may not open the door.
 */
@ApiExcludeController()
@Public()
@Controller('checkin')
export class CheckInDeskController {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: BrowserSessionsService,
  ) {}

  @Get()
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const sessionId = request.cookies[SESSION_COOKIE];
    const caller = sessionId ? await this.sessions.authenticate(sessionId) : null;
    if (!caller || caller.role === 'viewer') return this.send(reply, 200, renderDeskLogin(sessionId && !caller ? 'Your session has ended; sign in again.' : undefined));
    return this.send(reply, 200, renderDesk(caller.name));
  }

  @Post('login')
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    if (!fromThisSite(request, 'allow')) return this.send(reply, 403, renderDeskLogin('Sign in from this page.'));
    const form = (body ?? {}) as Record<string, unknown>;
    const key = typeof form.key === 'string' ? form.key.trim() : '';
    if (!key) return this.send(reply, 400, renderDeskLogin('Enter the API key of this desk.'));
    const caller = await this.apiKeys.authenticate(key);
    if (!caller) return this.send(reply, 401, renderDeskLogin('This API key is unknown or revoked.'));
    if (caller.role === 'viewer') return this.send(reply, 403, renderDeskLogin('A viewer key may not check participants in; use a check-in key.'));
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await this.sessions.end(previous);
    const sessionId = await this.sessions.start(caller, key);
    void reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
    return void reply.redirect('/checkin', 303);
  }

  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) await this.sessions.end(sessionId);
    void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
    void reply.redirect('/checkin', 303);
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply): void {
    const found = ASSETS[file];
    if (!found) {
      void reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No check-in desk asset named ${file}.` });
      return;
    }
    void reply.header('content-type', found.type).header('x-content-type-options', 'nosniff').header('cache-control', 'no-cache').send(found.body);
  }

  private send(reply: FastifyReply, status: number, html: string): void {
    void reply.code(status).headers(CHECK_IN_DESK_HEADERS).header('content-type', 'text/html; charset=utf-8').send(html);
  }
}
