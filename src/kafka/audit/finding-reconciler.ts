import type { Finding, FindingKind } from './finding';

/** A finding as stored: the last scan's view of it and whether it is open. */
export interface KnownFinding {
  readonly id: number;
  readonly key: string;
  readonly kind: FindingKind;
  readonly topic: string;
  readonly subject: string;
  readonly status: 'open' | 'resolved';
  readonly severity: string;
  readonly message: string;
}

/** What a scan changes about the stored findings of its cluster. */
export interface Reconciliation {
  /** Seen for the first time. */
  readonly opened: readonly Finding[];
  /** Resolved before and seen again. */
  readonly reopened: readonly { readonly known: KnownFinding; readonly finding: Finding }[];
  /** Open and still seen; `changed` when its severity or message differ from last time. */
  readonly seen: readonly { readonly known: KnownFinding; readonly finding: Finding; readonly changed: boolean }[];
  /** Open, judged by this scan and no longer seen. */
  readonly resolved: readonly KnownFinding[];
}

/**
 * Matches a scan's findings with those stored for the cluster by their stable keys. A finding
 * the scan could not judge (its kind needs data the scan could not read) stays as it was.
 */
export function reconcileFindings(
  current: readonly Finding[],
  known: readonly KnownFinding[],
  judged: (kind: FindingKind, topic: string, subject: string) => boolean,
): Reconciliation {
  const byKey = new Map(known.map((k) => [k.key, k]));
  const opened: Finding[] = [];
  const reopened: { known: KnownFinding; finding: Finding }[] = [];
  const seen: { known: KnownFinding; finding: Finding; changed: boolean }[] = [];
  const still = new Set<string>();
  for (const f of current) {
    still.add(f.key);
    const k = byKey.get(f.key);
    if (!k) opened.push(f);
    else if (k.status === 'resolved') reopened.push({ known: k, finding: f });
    else seen.push({ known: k, finding: f, changed: k.severity !== f.severity || k.message !== f.message });
  }
  const resolved = known.filter((k) => k.status === 'open' && !still.has(k.key) && judged(k.kind, k.topic, k.subject));
  return { opened, reopened, seen, resolved };
}
