import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../storage/prisma.service';
import { HttpFront } from '../lifecycle/http-front';

/** How long readiness waits for the database to answer before calling it down. */
export const PING_TIMEOUT_MS = 2000;

export interface Readiness {
  readonly ready: boolean;
  readonly checks: {
    /** `applied` once the database is open and migrated at start. */
    readonly migrations: 'applied' | 'pending';
    readonly database: 'up' | 'down' | 'unchecked';
    /** `draining` from the moment the node starts stopping: balancers should send nothing new. */
    readonly lifecycle: 'serving' | 'draining';
  };
}

/** Liveness (the process answers) and readiness (this node can serve the registry). */
@Injectable()
export class HealthService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly front: HttpFront,
  ) {}

  async readiness(): Promise<Readiness> {
    const migrations = this.prisma.isReady ? 'applied' : 'pending';
    const lifecycle = this.front.isDraining ? 'draining' : 'serving';
    const database = migrations === 'applied' ? ((await this.ping()) ? 'up' : 'down') : 'unchecked';
    return { ready: migrations === 'applied' && database === 'up' && lifecycle === 'serving', checks: { migrations, database, lifecycle } };
  }

  private ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
    });
    return Promise.race([this.prisma.ping(), timeout]).finally(() => clearTimeout(timer));
  }
}
