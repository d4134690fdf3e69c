import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService } from './api-keys.service';
import { BrowserSessionsService } from './browser-sessions.service';
import { IS_PUBLIC } from './public.decorator';
import { CHECKIN_ALLOWED, Caller, REQUIRED_ROLES, Role } from './roles';
import { CredentialRequest, DASHBOARD_REQUEST_HEADER, DASHBOARD_REQUEST_VALUE, carriesDashboardHeader, presentedCredential } from './session-cookie';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const READERS: Role[] = ['admin', 'coordinator', 'viewer'];
const WRITERS: Role[] = ['admin', 'coordinator'];

/** The roles a route admits: its own list, else readers or writers by method, plus checkin where the route allows it. */
export function allowedRoles(method: string, required: Role[] | undefined, checkinAllowed: boolean): Role[] {
  const base = required ?? (READ_METHODS.has(method) ? READERS : WRITERS);
  return checkinAllowed && !base.includes('checkin') ? [...base, 'checkin'] : base;
}

/**
 * Every route needs `Authorization: Bearer <key>` unless marked @Public(); the browser pages present
 * their session's id in the session cookie instead, and the session stands for the key it was
 * signed in with.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: BrowserSessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<CredentialRequest & { method: string; caller?: Caller }>();
    const presented = presentedCredential(request);
    if (!presented || presented.via === 'malformed') throw new UnauthorizedException('Send your API key as "Authorization: Bearer <key>".');
    if (presented.via === 'session' && !READ_METHODS.has(request.method) && !carriesDashboardHeader(request)) {
      throw new ForbiddenException(`Changes made with the dashboard session must carry the header ${DASHBOARD_REQUEST_HEADER}: ${DASHBOARD_REQUEST_VALUE}.`);
    }
    const caller = presented.via === 'session' ? await this.sessions.authenticate(presented.sessionId) : await this.apiKeys.authenticate(presented.key);
    if (!caller) throw new UnauthorizedException(presented.via === 'session' ? 'Your dashboard session has ended; sign in again.' : 'This API key is unknown or revoked.');
    request.caller = caller;

    const allowed = allowedRoles(
      request.method,
      this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets),
      this.reflector.getAllAndOverride<boolean>(CHECKIN_ALLOWED, targets) === true,
    );
    if (!allowed.includes(caller.role)) {
      const checkin = caller.role === 'checkin' ? ' A checkin key may only check participants in.' : '';
      throw new ForbiddenException(`This action needs the ${allowed.join(' or ')} role; your key "${caller.name}" is ${caller.role}.${checkin}`);
    }
    return true;
  }
}
