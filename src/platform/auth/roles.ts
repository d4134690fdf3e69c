import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export const ROLES = ['admin', 'coordinator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Caller {
  keyId: string | null;
  name: string;
  role: Role;
}

export const REQUIRED_ROLES = 'convene:roles';

/**
 * Who may call a route. Without it, any key may read (GET, HEAD) and coordinators and admins may
 * change things; viewers may only read.
 */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated caller; its name is the actor recorded in event histories. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  return ctx.switchToHttp().getRequest<{ caller: Caller }>().caller;
});
