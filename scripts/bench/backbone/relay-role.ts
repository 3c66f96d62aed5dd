import { TEST_AMQP_URL, TEST_DATABASE_URL } from '../../../core/src/testing/context';
import { EventStore } from '../../../core/src/store/event-store';
import { catalog } from '@napominalka/domain';
import { Relay } from '../../../core/src/relay';
import { createLogger, type Logger } from '../../../core/src/observability/logger';
import { newPool, type Pool } from '../common/pg';
import { sleep } from '../common/progress';
import type { Settings } from './args';
import { LoopDelay } from './figures';

/** The roles of bench:backbone (each its own process, or all in one): their base and the Relay. */
export interface RoleInit {
  schema: string;
  prefix: string;
  settings: Settings;
}

export const roleLogger = (service: string, lines: string[]): Logger =>
  createLogger({ service, level: 'warn' }, { write: (line: string) => void lines.push(line.trim()) });

export abstract class Role {
  readonly logs: string[] = [];
  readonly loop = new LoopDelay();
  abstract dispatch(method: string, arg: unknown): Promise<unknown>;
}

export class RelayRole extends Role {
  private pool: Pool | null = null;
  private relay: Relay | null = null;

  async dispatch(method: string, arg: unknown): Promise<unknown> {
    switch (method) {
      case 'start': {
        const { schema, prefix, settings } = arg as RoleInit;
        this.pool = newPool(settings.relay.poolMax, 'bench-relay');
        this.relay = new Relay({
          store: new EventStore(this.pool, catalog, schema),
          databaseUrl: TEST_DATABASE_URL,
          amqpUrl: TEST_AMQP_URL,
          prefix,
          log: roleLogger('bench-relay', this.logs),
          name: 'bench-relay',
          batchSize: settings.relay.batchSize,
          pollMs: settings.relay.pollMs,
        }).start();
        const timeout = sleep(15_000).then(() => Promise.reject(new Error(`relay did not become the leader within 15 s: ${this.logs.join('; ')}`)));
        await Promise.race([this.relay.whenLeader(), timeout]);
        return null;
      }
      case 'diag':
        return this.loop.read();
      case 'stop':
        await this.relay?.stop();
        await this.pool?.end();
        return { logs: this.logs };
      default:
        throw new Error(`relay role: unknown method ${method}`);
    }
  }
}
