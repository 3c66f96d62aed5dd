import type { MiddlewareHandler } from 'hono';
import type { UiEnv } from '../../env';
import type { Role } from '../../../store/users';

/** Admin actions: a viewer is refused with 403 (after requireUser: there is a session). */
export const requireRole =
  (role: Role): MiddlewareHandler<UiEnv> =>
  async (c, next) => {
    if (c.get('session')?.role !== role) return c.text(`this needs the ${role} role`, 403);
    return next();
  };
