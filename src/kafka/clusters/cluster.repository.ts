import { Inject, Injectable } from '@nestjs/common';
import { SecretBox, SecretUnreadable } from '../../common/secret-box';
import { CHARTER_CONFIG, type CharterConfig } from '../../config/config';
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

/** A stored row as a definition, its secrets decrypted; secrets that cannot be read leave it marked `unreadable`. */
function toDefinition(r: Row, box: SecretBox): ClusterDefinition {
  let tls: string | null;
  let password: string | null;
  let unreadable: string | undefined;
  try {
    tls = box.open(r.tls);
    password = box.open(r.saslPassword);
  } catch (e) {
    if (!(e instanceof SecretUnreadable)) throw e;
    unreadable = e.message;
    tls = null;
    password = '';
  }
  return {
    name: r.name,
    bootstrapServers: JSON.parse(r.bootstrapServers) as string[],
    tls: tls === null ? null : (JSON.parse(tls) as true | TlsSettings),
    sasl:
      r.saslMechanism && r.saslUsername !== null && password !== null
        ? { mechanism: r.saslMechanism as SaslMechanism, username: r.saslUsername, password }
        : null,
    options: JSON.parse(r.options) as AuditOptions,
    source: 'api',
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(unreadable ? { unreadable } : {}),
  };
}

/**
 * Stored cluster connections (kafka_cluster). The SASL password and the TLS settings (which may
 * hold a private key and its passphrase) are stored encrypted under SECRETS_KEY when it is set.
 */
@Injectable()
export class ClusterRepository {
  private readonly box: SecretBox;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(CHARTER_CONFIG) config: CharterConfig,
  ) {
    this.box = config.SECRETS_KEY;
  }

  /** How many stored clusters keep secrets unencrypted (for the warning at start). */
  async plaintextSecrets(): Promise<number> {
    const rows = await this.prisma.read((db) => db.kafkaCluster.findMany({ select: { tls: true, saslPassword: true } }));
    return rows.filter((r) => (r.saslPassword !== null && !SecretBox.isSealed(r.saslPassword)) || (r.tls !== null && r.tls !== 'true' && !SecretBox.isSealed(r.tls))).length;
  }

  /**
   * Encrypts secrets stored before SECRETS_KEY was set; each row only if it is still as read, so
   * nodes starting together do not fight. Answers how many rows were rewritten.
   */
  async sealStored(): Promise<number> {
    if (!this.box.enabled) return 0;
    const plain = (v: string | null) => v !== null && v !== 'true' && !SecretBox.isSealed(v);
    const rows = await this.prisma.read((db) => db.kafkaCluster.findMany({ select: { name: true, tls: true, saslPassword: true } }));
    let sealed = 0;
    for (const r of rows.filter((x) => plain(x.tls) || plain(x.saslPassword))) {
      const data = { tls: plain(r.tls) ? this.box.seal(r.tls) : r.tls, saslPassword: plain(r.saslPassword) ? this.box.seal(r.saslPassword) : r.saslPassword };
      const done = await this.prisma.transaction((tx) => tx.kafkaCluster.updateMany({ where: { name: r.name, tls: r.tls, saslPassword: r.saslPassword }, data }));
      sealed += done.count;
    }
    return sealed;
  }

  all(): Promise<ClusterDefinition[]> {
    return this.prisma.read(async (db) => (await db.kafkaCluster.findMany({ orderBy: { name: 'asc' } })).map((r) => toDefinition(r, this.box)));
  }

  get(name: string): Promise<ClusterDefinition | undefined> {
    return this.prisma.read(async (db) => {
      const row = await db.kafkaCluster.findUnique({ where: { name } });
      return row ? toDefinition(row, this.box) : undefined;
    });
  }

  /** Creates or replaces; answers whether it was created. */
  async put(c: ClusterDefinition): Promise<{ created: boolean; stored: ClusterDefinition }> {
    const data = {
      bootstrapServers: JSON.stringify(c.bootstrapServers),
      tls: c.tls === null ? null : c.tls === true ? 'true' : this.box.seal(JSON.stringify(c.tls)),
      saslMechanism: c.sasl?.mechanism ?? null,
      saslUsername: c.sasl?.username ?? null,
      saslPassword: this.box.seal(c.sasl?.password ?? null),
      options: JSON.stringify(c.options),
    };
    return this.prisma.transaction(async (tx) => {
      const existing = await tx.kafkaCluster.findUnique({ where: { name: c.name } });
      const row = existing
        ? await tx.kafkaCluster.update({ where: { name: c.name }, data: { ...data, updatedAt: new Date() } })
        : await tx.kafkaCluster.create({ data: { name: c.name, ...data } });
      return { created: !existing, stored: toDefinition(row, this.box) };
    });
  }

  async remove(name: string): Promise<boolean> {
    return this.prisma.transaction(async (tx) => (await tx.kafkaCluster.deleteMany({ where: { name } })).count > 0);
  }
}
