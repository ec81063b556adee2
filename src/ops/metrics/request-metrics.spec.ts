import { LATENCY_BUCKETS, RequestMetrics } from './request-metrics';

describe('RequestMetrics', () => {
  it('counts requests by method, route and status', () => {
    const sut = new RequestMetrics();
    sut.record('GET', '/schemas/ids/:id', 200, 0.0001);
    sut.record('GET', '/schemas/ids/:id', 200, 0.0002);
    sut.record('GET', '/schemas/ids/:id', 404, 0.002);
    sut.record('POST', '/subjects/:subject/versions', 200, 0.02);
    expect(sut.exportRequests('requests', 'help').values).toEqual([
      { value: 2, labels: { method: 'GET', route: '/schemas/ids/:id', status: 200 } },
      { value: 1, labels: { method: 'GET', route: '/schemas/ids/:id', status: 404 } },
      { value: 1, labels: { method: 'POST', route: '/subjects/:subject/versions', status: 200 } },
    ]);
  });

  it('exports cumulative latency buckets with +Inf, sum and count, as Prometheus expects', () => {
    const sut = new RequestMetrics();
    for (const seconds of [0.0001, 0.0003, 0.003, 20]) sut.record('GET', '/x', 200, seconds);
    const values = sut.exportDurations('d', 'help').values;
    const bucket = (le: number | string) => values.find((v) => v.metricName === 'd_bucket' && v.labels.le === le)?.value;
    expect(bucket(0.0001)).toBe(1);
    expect(bucket(0.00025)).toBe(1);
    expect(bucket(0.0005)).toBe(2);
    expect(bucket(0.005)).toBe(3);
    expect(bucket(LATENCY_BUCKETS[LATENCY_BUCKETS.length - 1])).toBe(3);
    expect(bucket('+Inf')).toBe(4);
    expect(values.find((v) => v.metricName === 'd_count')?.value).toBe(4);
    expect(values.find((v) => v.metricName === 'd_sum')?.value).toBeCloseTo(20.0034);
  });

  it('hands out one series per method and route, for callers that keep it', () => {
    const sut = new RequestMetrics();
    expect(sut.series('GET', '/a')).toBe(sut.series('GET', '/a'));
    expect(sut.series('GET', '/a')).not.toBe(sut.series('HEAD', '/a'));
  });
});
