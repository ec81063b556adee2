import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../storage/prisma.service';
import type { AuditOptions, ClusterDefinition, SaslMechanism, TlsSettings } from './cluster.types';

type Row = {
  name: string;
  bootstrapServers: string;
  tls: string | null;
  saslMechanism: string | null;
  saslUsername: string | null;
  saslPassword: string | null;
  options: string;
  createdAt: Date;
  updatedAt: Date;
};

function toDefinition(r: Row): ClusterDefinition {
  return {
    name: r.name,
    bootstrapServers: JSON.parse(r.bootstrapServers) as string[],
    tls: r.tls === null ? null : (JSON.parse(r.tls) as true | TlsSettings),
    sasl:
      r.saslMechanism && r.saslUsername !== null && r.saslPassword !== null
        ? { mechanism: r.saslMechanism as SaslMechanism, username: r.saslUsername, password: r.saslPassword }
        : null,
    options: JSON.parse(r.options) as AuditOptions,
    source: 'api',
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Stored cluster connections (kafka_cluster). */
@Injectable()
export class ClusterRepository {
  constructor(private readonly prisma: PrismaService) {}

  all(): Promise<ClusterDefinition[]> {
    return this.prisma.read(async (db) => (await db.kafkaCluster.findMany({ orderBy: { name: 'asc' } })).map(toDefinition));
  }

  get(name: string): Promise<ClusterDefinition | undefined> {
    return this.prisma.read(async (db) => {
      const row = await db.kafkaCluster.findUnique({ where: { name } });
      return row ? toDefinition(row) : undefined;
    });
  }

  /** Creates or replaces; answers whether it was created. */
  async put(c: ClusterDefinition): Promise<{ created: boolean; stored: ClusterDefinition }> {
    const data = {
      bootstrapServers: JSON.stringify(c.bootstrapServers),
      tls: c.tls === null ? null : JSON.stringify(c.tls),
      saslMechanism: c.sasl?.mechanism ?? null,
      saslUsername: c.sasl?.username ?? null,
      saslPassword: c.sasl?.password ?? null,
      options: JSON.stringify(c.options),
    };
    return this.prisma.transaction(async (tx) => {
      const existing = await tx.kafkaCluster.findUnique({ where: { name: c.name } });
      const row = existing
        ? await tx.kafkaCluster.update({ where: { name: c.name }, data: { ...data, updatedAt: new Date() } })
        : await tx.kafkaCluster.create({ data: { name: c.name, ...data } });
      return { created: !existing, stored: toDefinition(row) };
    });
  }

  async remove(name: string): Promise<boolean> {
    return this.prisma.transaction(async (tx) => (await tx.kafkaCluster.deleteMany({ where: { name } })).count > 0);
  }
}
