/** Helpers for the operations tests. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` (which lists what is still wrong) until it finds nothing, and answers how
 * long that took; fails with the last problems when `boundMs` passes first.
 */
export async function settlesWithin(boundMs: number, check: () => Promise<string[]>, intervalMs = 20): Promise<number> {
  const started = Date.now();
  for (;;) {
    const problems = await check();
    const elapsed = Date.now() - started;
    if (!problems.length) return elapsed;
    if (elapsed > boundMs) throw new Error(`Still not settled after ${elapsed} ms (bound ${boundMs} ms):\n${problems.slice(0, 20).join('\n')}`);
    await sleep(intervalMs);
  }
}

/** The value of one series in a Prometheus exposition, or undefined when absent. */
export function sample(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of exposition.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have: Record<string, string> = {};
    for (const pair of (m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) have[pair[1]] = pair[2];
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
  }
  return undefined;
}

/** An Avro record with `n` optional fields: each n is compatible with every other. */
export function record(name: string, n: number, extra = ''): string {
  return JSON.stringify({
    type: 'record',
    name,
    fields: [
      { name: 'id', type: 'string' },
      ...Array.from({ length: n }, (_, i) => ({ name: `f${i}${extra}`, type: 'int', default: 0 })),
    ],
  });
}
