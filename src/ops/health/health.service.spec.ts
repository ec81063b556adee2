import type { PrismaService } from '../../storage/prisma.service';
import type { HttpFront } from '../lifecycle/http-front';
import { HealthService } from './health.service';

function sut(opts: { migrated: boolean; answers: boolean | 'never'; draining?: boolean }): HealthService {
  const prisma = {
    isReady: opts.migrated,
    ping: () => (opts.answers === 'never' ? new Promise<boolean>(() => undefined) : Promise.resolve(opts.answers)),
  } as unknown as PrismaService;
  const front = { isDraining: opts.draining ?? false } as HttpFront;
  return new HealthService(prisma, front);
}

describe('HealthService.readiness', () => {
  it('is ready once migrations are applied and the database answers', async () => {
    expect(await sut({ migrated: true, answers: true }).readiness()).toEqual({
      ready: true,
      checks: { migrations: 'applied', database: 'up', lifecycle: 'serving' },
    });
  });

  it('is not ready before migrations are applied', async () => {
    expect(await sut({ migrated: false, answers: true }).readiness()).toMatchObject({
      ready: false,
      checks: { migrations: 'pending', database: 'unchecked' },
    });
  });

  it('is not ready when the database does not answer', async () => {
    expect(await sut({ migrated: true, answers: false }).readiness()).toMatchObject({ ready: false, checks: { database: 'down' } });
  });

  it('gives up on a database that hangs', async () => {
    jest.useFakeTimers();
    try {
      const answer = sut({ migrated: true, answers: 'never' }).readiness();
      await jest.advanceTimersByTimeAsync(2000);
      expect(await answer).toMatchObject({ ready: false, checks: { database: 'down' } });
    } finally {
      jest.useRealTimers();
    }
  });

  it('is not ready while the node drains', async () => {
    expect(await sut({ migrated: true, answers: true, draining: true }).readiness()).toMatchObject({
      ready: false,
      checks: { lifecycle: 'draining' },
    });
  });
});
