import type { RegistryChange } from '../../registry/registry-changes';

/** The PostgreSQL channel every Charter node listens on. */
export const CHANGES_CHANNEL = 'charter_changes';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7900;

/** What travels on the channel: the sending process and the changes it made. */
interface Envelope {
  /** Sender: NODE_ID plus a random part, so two nodes given the same NODE_ID still hear each other. */
  readonly from: string;
  readonly changes: readonly RegistryChange[];
}

const ALL: RegistryChange = { kind: 'all' };

/**
 * Payloads for `changes`, each under MAX_PAYLOAD_BYTES. A change too large for one payload
 * (a permanent delete of thousands of schemas) travels as `all`.
 */
export function encodeChanges(from: string, changes: readonly RegistryChange[]): string[] {
  const payloads: string[] = [];
  const size = (batch: readonly RegistryChange[]) => Buffer.byteLength(JSON.stringify({ from, changes: batch } satisfies Envelope));
  let batch: RegistryChange[] = [];
  for (const original of changes) {
    const change = size([original]) > MAX_PAYLOAD_BYTES ? ALL : original;
    if (batch.length && size([...batch, change]) > MAX_PAYLOAD_BYTES) {
      payloads.push(JSON.stringify({ from, changes: batch }));
      batch = [];
    }
    batch.push(change);
  }
  if (batch.length) payloads.push(JSON.stringify({ from, changes: batch }));
  return payloads;
}

/**
 * The changes in a payload another node sent; none when `self` sent it. A payload this version
 * cannot read (written by a newer Charter, or by hand) means "anything may have changed".
 */
export function decodeChanges(payload: string, self: string): readonly RegistryChange[] {
  let envelope: unknown;
  try {
    envelope = JSON.parse(payload);
  } catch {
    return [ALL];
  }
  if (!envelope || typeof envelope !== 'object') return [ALL];
  const { from, changes } = envelope as Partial<Envelope>;
  if (from === self) return [];
  if (!Array.isArray(changes)) return [ALL];
  return changes.map((c: unknown) => (isChange(c) ? c : ALL));
}

function isChange(c: unknown): c is RegistryChange {
  if (!c || typeof c !== 'object') return false;
  const v = c as Record<string, unknown>;
  switch (v.kind) {
    case 'subject':
      return typeof v.context === 'string' && typeof v.subject === 'string';
    case 'schemas-removed':
      return typeof v.context === 'string' && Array.isArray(v.ids) && v.ids.every((id) => Number.isInteger(id));
    case 'catalog':
      return typeof v.entity === 'string' && (v.key === undefined || typeof v.key === 'string');
    case 'config':
    case 'mode':
    case 'contexts':
    case 'all':
      return true;
    default:
      return false;
  }
}
