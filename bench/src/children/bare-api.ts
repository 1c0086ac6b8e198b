// The API baseline: a node:http route that reads the same page of devices from the same database
// with plain pg (same pool size as the control plane) and returns the JSON GraphQL returns.
import http from 'node:http';
import pg from 'pg';
import { devicePageJson, type DeviceRowRaw } from '../lib/device-page.js';
import { childConfig, serve } from '../lib/ipc.js';

interface Config {
  url: string;
  poolSize: number;
}

const cfg = childConfig<Config>();
const pool = new pg.Pool({ connectionString: cfg.url, max: cfg.poolSize });
let queries = 0;

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/devices') {
    res.writeHead(404).end();
    return;
  }
  const first = Number(url.searchParams.get('first') ?? 50);
  queries += 2;
  Promise.all([
    pool.query<DeviceRowRaw>('SELECT * FROM devices ORDER BY id LIMIT $1', [first + 1]),
    pool.query<{ n: string }>('SELECT count(*) AS n FROM devices'),
  ]).then(
    ([page, count]) => {
      const body = JSON.stringify(devicePageJson(page.rows, first, Number(count.rows[0]?.n ?? 0)));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    },
    (err: Error) => res.writeHead(500).end(err.message),
  );
});

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serve(
  {
    stats: () => ({ queries }),
    stop: async () => {
      await new Promise((r) => server.close(r));
      await pool.end();
    },
  },
  { port: (server.address() as { port: number }).port },
);
