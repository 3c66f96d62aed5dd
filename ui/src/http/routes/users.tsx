import { Hono } from 'hono';
import { listUsers } from '../../store/users';
import { Layout } from '../pages/layout';
import { DataTable, type Column } from '../pages/table';
import type { UiEnv } from '../env';

type UserRow = Awaited<ReturnType<typeof listUsers>>[number];
const columns: Array<Column<UserRow>> = [
  { head: 'User', cell: (u) => u.username },
  { head: 'Role', cell: (u) => u.role },
  { head: 'Since', cell: (u) => u.createdAt.toISOString().slice(0, 10) },
];

/** Admin: the UI's users and roles (managed with `pnpm ui user`). */
export function userRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/admin/users', async (c) => {
    const deps = c.get('deps');
    const users = await listUsers(deps.pool, deps.schema);
    return c.html(
      <Layout title="Users" session={c.get('session')} lang={c.get('lang')} active="users" path="/admin/users">
        <h1>Users</h1>
        <DataTable columns={columns} rows={users} />
      </Layout>,
    );
  });
  return app;
}
