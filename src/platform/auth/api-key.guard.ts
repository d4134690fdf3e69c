import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService } from './api-keys.service';
import { IS_PUBLIC } from './public.decorator';
import { Caller, REQUIRED_ROLES, Role } from './roles';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every route needs `Authorization: Bearer <key>` unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<{ method: string; headers: Record<string, string | undefined>; caller?: Caller }>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException('Send your API key as "Authorization: Bearer <key>".');
    const caller = await this.apiKeys.authenticate(match[1]);
    if (!caller) throw new UnauthorizedException('This API key is unknown or revoked.');
    request.caller = caller;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    const allowed: Role[] = required ?? (READ_METHODS.has(request.method) ? ['admin', 'coordinator', 'viewer'] : ['admin', 'coordinator']);
    if (!allowed.includes(caller.role)) {
      throw new ForbiddenException(`This action needs the ${allowed.join(' or ')} role; your key "${caller.name}" is ${caller.role}.`);
    }
    return true;
  }
}
