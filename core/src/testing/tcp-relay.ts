import net from 'node:net';

export interface TcpRelay {
  /** The relay's port on 127.0.0.1: point the client here instead of at the target. */
  readonly port: number;
  /** Drops every connection and refuses new ones, as a host that went away would. */
  down(): void;
  /** Lets connections through again. */
  up(): void;
  close(): Promise<void>;
}

/**
 * A TCP relay to a server that a test can cut (Postgres, the ClickHouse gateway), so a fault
 * test sees what a real outage does to the client: reset connections, refused reconnects.
 */
export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  let open = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = net.connect(target.port, target.host);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', end).on('close', end);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    down() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    up() {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
