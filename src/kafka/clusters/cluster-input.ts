import { z } from 'zod';
import { unsafeRegexReason } from '../../catalog/policies/safe-regex';
import { KafkaErrors } from '../kafka-errors';
import { MASK, SASL_MECHANISMS, type ClusterDefinition, type SaslSettings, type TlsSettings } from './cluster.types';

export const clusterName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit');

const server = z.string().trim().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port');
const pem = z.string().min(1).max(100_000);
/** A secret field: MASK (as answers show it) or absent means "keep the stored one". */
const secret = z.string().min(1).max(100_000);

const tlsInput = z.union([
  z.boolean(),
  z
    .object({
      ca: pem.optional(),
      cert: pem.optional(),
      key: secret.optional(),
      passphrase: secret.optional(),
      servername: z.string().min(1).max(255).optional(),
      rejectUnauthorized: z.boolean().optional(),
    })
    .strict(),
]);

const saslInput = z
  .object({
    mechanism: z
      .string()
      .transform((m) => m.toLowerCase())
      .pipe(z.enum(SASL_MECHANISMS)),
    username: z.string().min(1).max(1000),
    password: secret.optional(),
  })
  .strict();

const optionsInput = z
  .object({
    lagThreshold: z.number().int().min(0).optional(),
    lagThresholds: z.record(z.string().min(1).max(249), z.number().int().min(0)).optional(),
    ignoreTopics: z
      .string()
      .max(1000)
      .superRefine((p, ctx) => {
        const reason = unsafeRegexReason(p);
        if (reason) ctx.addIssue({ code: 'custom', message: `refused: ${reason}` });
      })
      .optional(),
  })
  .strict();

export const clusterInput = z
  .object({
    name: clusterName.optional(),
    bootstrapServers: z.union([
      z.array(server).min(1).max(100),
      z
        .string()
        .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
        .pipe(z.array(server).min(1).max(100)),
    ]),
    tls: tlsInput.default(false),
    sasl: saslInput.nullable().default(null),
    options: optionsInput.default({}),
    // Echoed from a read: not part of the definition.
    source: z.unknown().optional(),
    createdAt: z.unknown().optional(),
    updatedAt: z.unknown().optional(),
  })
  .strict();

const kept = (given: string | undefined, stored: string | undefined): string | undefined =>
  given === undefined ? stored : given === MASK ? (stored ?? MASK) : given;

/**
 * A cluster definition from a request body. Secrets left out, or sent back as MASK, keep the
 * values `previous` holds, so that what GET answers can be sent back with PUT unchanged.
 */
export function parseClusterInput(body: unknown, name: string | undefined, previous?: ClusterDefinition): ClusterDefinition {
  const raw = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : body;
  if (name !== undefined && raw && typeof raw === 'object') {
    const given = (raw as Record<string, unknown>).name;
    if (given !== undefined && given !== name) {
      throw KafkaErrors.invalidCluster(`The body names '${String(given)}' but the URL names '${name}'`);
    }
    (raw as Record<string, unknown>).name = name;
  }
  const parsed = clusterInput.safeParse(raw ?? {});
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
    throw KafkaErrors.invalidCluster(`Invalid Kafka cluster: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
  }
  const input = parsed.data;
  const clusterNameValue = input.name ?? name;
  if (!clusterNameValue) throw KafkaErrors.invalidCluster('Invalid Kafka cluster: name: is required', [{ path: 'name', message: 'is required' }]);

  let tls: ClusterDefinition['tls'] = null;
  if (input.tls === true) tls = true;
  else if (input.tls && typeof input.tls === 'object') {
    const before = previous?.tls && previous.tls !== true ? previous.tls : undefined;
    const settings: TlsSettings = {
      ...input.tls,
      key: kept(input.tls.key, before?.key),
      passphrase: kept(input.tls.passphrase, before?.passphrase),
    };
    if (settings.key === MASK || settings.passphrase === MASK) {
      throw KafkaErrors.invalidCluster(`Invalid Kafka cluster: tls: '${MASK}' stands for a stored secret, and none is stored`);
    }
    if ((settings.cert === undefined) !== (settings.key === undefined)) {
      throw KafkaErrors.invalidCluster('Invalid Kafka cluster: tls: a client certificate (cert) and its key (key) are given together');
    }
    tls = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as TlsSettings;
  }

  let sasl: SaslSettings | null = null;
  if (input.sasl) {
    const password = kept(input.sasl.password, previous?.sasl?.password);
    if (password === undefined || password === MASK) {
      throw KafkaErrors.invalidCluster('Invalid Kafka cluster: sasl.password: is required', [{ path: 'sasl.password', message: 'is required' }]);
    }
    sasl = { mechanism: input.sasl.mechanism, username: input.sasl.username, password };
  }

  return {
    name: clusterNameValue,
    bootstrapServers: input.bootstrapServers,
    tls,
    sasl,
    options: Object.fromEntries(Object.entries(input.options).filter(([, v]) => v !== undefined)),
    source: 'api',
  };
}
