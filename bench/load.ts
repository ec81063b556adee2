import * as fs from 'node:fs';

/**
 * The load generator, run as its own process so that it does not share an event loop with the
 * server under test. Reads its job from the JSON file named by argv[2], prints the result as
 * JSON on stdout.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon');

export interface LoadJob {
  url: string;
  connections: number;
  durationSeconds: number;
  method?: 'GET' | 'POST';
  /** Paths to cycle through (one per request). */
  paths: string[];
  /** Bodies to cycle through with the paths (POST), same length as paths. */
  bodies?: string[];
  headers?: Record<string, string>;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
}

function run(job: LoadJob): Promise<LoadResult> {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.durationSeconds,
        method: job.method ?? 'GET',
        headers: job.headers,
        requests: [
          {
            setupRequest: (req: Record<string, unknown>) => {
              const k = i++ % job.paths.length;
              return { ...req, path: job.paths[k], ...(job.bodies ? { body: job.bodies[k] } : {}) };
            },
          },
        ],
      },
      (err: Error | null, res: { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number }) => {
        if (err) return reject(err);
        resolve({
          requestsPerSecond: Math.round(res.requests.average),
          p50Ms: res.latency.p50,
          p99Ms: res.latency.p99,
          total: res.requests.total,
          non2xx: res.non2xx,
          errors: res.errors,
        });
      },
    );
  });
}

if (require.main === module) {
  run(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as LoadJob).then(
    (r) => process.stdout.write(JSON.stringify(r)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
