/**
 * pnpm ui user add|passwd|remove|list — the web UI's users (ui/src/store/users.ts).
 * A password is read from standard input (one line), never from the command line.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, migrate } from '@napominalka/core';
import pg from 'pg';
import { UI_MIGRATIONS } from '../store/migrations';
import { addUser, listUsers, removeUser, ROLES, setPassword, UserError, type Role } from '../store/users';

export const USAGE = `Usage: pnpm ui user <command> [options]

The operators' web UI's users, in Postgres (DATABASE_URL, PG_SCHEMA).

Commands:
  user add <name> [--role viewer|admin]   a new user (default role viewer); the password is read
                                          from standard input (at least 12 characters)
  user passwd <name>                      a new password from standard input; ends the user's sessions
  user remove <name>                      the user and their sessions
  user list                               users and roles

Exit status: 0 done; 1 refused (exists, unknown user, weak password) or a database error; 2 usage.`;

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const [group, command, name] = positionals;
  const role = (values.role ?? 'viewer') as Role;
  if (group !== 'user' || !command || (command !== 'list' && !name) || !ROLES.includes(role)) {
    process.stderr.write(`ui: ${group !== 'user' ? 'unknown command' : 'bad arguments'} (see --help)\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
  try {
    await migrate(pool, config.PG_SCHEMA, UI_MIGRATIONS);
    const s = config.PG_SCHEMA;
    switch (command) {
      case 'add':
        await addUser(pool, s, { username: name!, password: await readPassword(), role });
        out(`added ${name} (${role})`);
        return 0;
      case 'passwd':
        await setPassword(pool, s, name!, await readPassword());
        out(`changed the password of ${name}; their sessions are ended`);
        return 0;
      case 'remove':
        await removeUser(pool, s, name!);
        out(`removed ${name}`);
        return 0;
      case 'list':
        for (const u of await listUsers(pool, s)) out(`${u.username}\t${u.role}\t${u.createdAt.toISOString().slice(0, 10)}`);
        return 0;
      default:
        process.stderr.write(`ui: unknown command user ${command} (see --help)\n`);
        return 2;
    }
  } catch (err) {
    process.stderr.write(`ui: ${err instanceof UserError ? err.message : `database: ${(err as Error).message}`}\n`);
    return 1;
  } finally {
    await pool.end();
  }
}

const isMain = process.argv[1]?.endsWith('cli/ui.ts');
if (isMain) process.exitCode = await run(process.argv.slice(2));
