import os from 'node:os';

/** Who runs the CLI, as the origin of what it asks for: `cli:<user>`. */
export function cliOrigin(env: Record<string, string | undefined>): string {
  let user = env.USER || env.LOGNAME || '';
  if (!user) {
    try {
      user = os.userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return `cli:${user}`.replace(/[^\w.@:+-]/g, '_').slice(0, 200);
}
