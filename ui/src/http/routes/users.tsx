import { Hono } from 'hono';
import { listUsers } from '../../store/users';
import { Layout } from '../pages/layout';
import type { UiEnv } from '../env';

/** Admin: the UI's users and roles (managed with `pnpm ui user`). */
export function userRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/admin/users', async (c) => {
    const deps = c.get('deps');
    const users = await listUsers(deps.pool, deps.schema);
    return c.html(
      <Layout title="Users" session={c.get('session')} lang={c.get('lang')} active="users" path="/admin/users">
        <h1>Users</h1>
        <table>
          <thead>
            <tr>
              <th>User</th>
              <th>Role</th>
              <th>Since</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>{u.username}</td>
                <td>{u.role}</td>
                <td>{u.createdAt.toISOString().slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
    );
  });
  return app;
}
