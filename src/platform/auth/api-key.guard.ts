import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService } from './api-keys.service';
import { IS_PUBLIC } from './public.decorator';
import { Caller, REQUIRED_ROLES, Role } from './roles';
import { CredentialRequest, DASHBOARD_REQUEST_HEADER, DASHBOARD_REQUEST_VALUE, carriesDashboardHeader, presentedKey } from './session-cookie';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route needs `Authorization: Bearer <key>` unless marked @Public(); the dashboard's pages
 * present the same key in their session cookie instead.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<CredentialRequest & { method: string; caller?: Caller }>();
    const presented = presentedKey(request);
    if (!presented || presented.via === 'malformed') throw new UnauthorizedException('Send your API key as "Authorization: Bearer <key>".');
    if (presented.via === 'session' && !READ_METHODS.has(request.method) && !carriesDashboardHeader(request)) {
      throw new ForbiddenException(`Changes made with the dashboard session must carry the header ${DASHBOARD_REQUEST_HEADER}: ${DASHBOARD_REQUEST_VALUE}.`);
    }
    const caller = await this.apiKeys.authenticate(presented.key);
    if (!caller) throw new UnauthorizedException(presented.via === 'session' ? 'Your dashboard session has ended; sign in again.' : 'This API key is unknown or revoked.');
    request.caller = caller;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    const allowed: Role[] = required ?? (READ_METHODS.has(request.method) ? ['admin', 'coordinator', 'viewer'] : ['admin', 'coordinator']);
    if (!allowed.includes(caller.role)) {
      throw new ForbiddenException(`This action needs the ${allowed.join(' or ')} role; your key "${caller.name}" is ${caller.role}.`);
    }
    return true;
  }
}
