import { Errors } from '../common/errors/registry-error';

/** `latest` (any case) and -1 mean the latest version; otherwise 1..2^31-1 (Confluent's VersionId). */
export const LATEST = -1;

export function parseVersionId(raw: string | number | undefined): number {
  const text = String(raw ?? '').trim();
  if (text.toLowerCase() === 'latest') return LATEST;
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    if (n === LATEST || (n >= 1 && n <= 2 ** 31 - 1)) return n;
  }
  throw Errors.invalidVersion(String(raw));
}
