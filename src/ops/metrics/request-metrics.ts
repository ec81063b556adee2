/**
 * Requests by method, route template and status, with latency histograms, counted in plain
 * arrays: recording one request costs two Map lookups and a few increments, so the fast lane
 * can afford it. prom-client reads the counts when /metrics is scraped (see `export`).
 */

/** Upper bounds of the latency buckets, in seconds: the fast lane answers in tens of microseconds. */
export const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Everything recorded for one method and route. */
export class RouteSeries {
  readonly statuses = new Map<number, number>();
  /** Count per bucket (not cumulative); the last slot is +Inf. */
  readonly buckets = new Array<number>(LATENCY_BUCKETS.length + 1).fill(0);
  sum = 0;
  count = 0;

  constructor(
    readonly method: string,
    readonly route: string,
  ) {}

  record(status: number, seconds: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    let i = 0;
    while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]) i++;
    this.buckets[i]++;
    this.sum += seconds;
    this.count++;
  }
}

/** A metric in the shape prom-client's Registry renders (what its own metrics' `get()` return). */
export interface ExportedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: { value: number; labels: Record<string, string | number>; metricName?: string }[];
}

export class RequestMetrics {
  private readonly byRoute = new Map<string, Map<string, RouteSeries>>();

  /** The series of one method and route, created on first use; callers may keep it. */
  series(method: string, route: string): RouteSeries {
    let byMethod = this.byRoute.get(route);
    if (!byMethod) {
      byMethod = new Map();
      this.byRoute.set(route, byMethod);
    }
    let s = byMethod.get(method);
    if (!s) {
      s = new RouteSeries(method, route);
      byMethod.set(method, s);
    }
    return s;
  }

  record(method: string, route: string, status: number, seconds: number): void {
    this.series(method, route).record(status, seconds);
  }

  private all(): RouteSeries[] {
    const out: RouteSeries[] = [];
    for (const byMethod of this.byRoute.values()) for (const s of byMethod.values()) out.push(s);
    return out;
  }

  /** `charter_http_requests_total{method,route,status}`. */
  exportRequests(name: string, help: string): ExportedMetric {
    const values: ExportedMetric['values'] = [];
    for (const s of this.all()) {
      for (const [status, value] of s.statuses) values.push({ value, labels: { method: s.method, route: s.route, status } });
    }
    return { name, help, type: 'counter', aggregator: 'sum', values };
  }

  /** `charter_http_request_duration_seconds{method,route}` with cumulative buckets. */
  exportDurations(name: string, help: string): ExportedMetric {
    const values: ExportedMetric['values'] = [];
    for (const s of this.all()) {
      const labels = { method: s.method, route: s.route };
      let cumulative = 0;
      for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
        cumulative += s.buckets[i];
        values.push({ metricName: `${name}_bucket`, labels: { ...labels, le: LATENCY_BUCKETS[i] }, value: cumulative });
      }
      values.push({ metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: s.count });
      values.push({ metricName: `${name}_sum`, labels, value: s.sum });
      values.push({ metricName: `${name}_count`, labels, value: s.count });
    }
    return { name, help, type: 'histogram', aggregator: 'sum', values };
  }
}
