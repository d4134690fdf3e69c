import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export const ROLES = ['admin', 'coordinator', 'viewer', 'checkin'] as const;
export type Role = (typeof ROLES)[number];

export interface Caller {
  keyId: string | null;
  name: string;
  role: Role;
}

export const REQUIRED_ROLES = 'convene:roles';
export const CHECKIN_ALLOWED = 'convene:checkin-allowed';

/**
 * Who may call a route. Without it, admins, coordinators and viewers may read (GET, HEAD),
 * coordinators and admins may change things, and a checkin key may do nothing.
 */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/**
 * A route a checkin key may call besides those the route already allows: checking participants in
 * is all such a key is for, so only the check-in routes carry this.
 */
export const AllowCheckin = () => SetMetadata(CHECKIN_ALLOWED, true);

/** The authenticated caller; its name is the actor recorded in event histories. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  return ctx.switchToHttp().getRequest<{ caller: Caller }>().caller;
});
