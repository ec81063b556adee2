import { checkCompatibility, type Direction } from '../compatibility/compatibility-checker';
import type { CompatibilityLevel, CompatibilityPolicy } from '../compatibility/compatibility-level';
import { describe, type Difference } from '../compatibility/difference';
import type { ParsedSchema } from '../compatibility/schema-provider';
import type { SchemaProviders } from '../compatibility/schema-providers';
import type { SchemaType } from '../compatibility/schema-type';
import type { Finding } from './findings';
import { locateDifference } from './locate';
import type { ReferenceSource } from './schema-loader';
import type { ReportedDifference } from './server-messages';

/** The schema being checked, as findings are placed in it. */
export interface Candidate {
  readonly schemaType: SchemaType;
  readonly text: string;
  /** Display path of the file. */
  readonly file: string;
  /** The schemas its references reach, searched for paths into imported types. */
  readonly sources: readonly ReferenceSource[];
}

/** An earlier version to check against locally. */
export interface Baseline {
  /** A registry version number, or a git ref / folder (offline). */
  readonly label: number | string;
  readonly schemaType: SchemaType;
  readonly text: string;
  readonly parsed: () => ParsedSchema;
}

export interface LocalVerdict {
  readonly compatible: boolean;
  readonly findings: readonly Finding[];
  /** The earlier version the check failed against, when it failed. */
  readonly failedAgainst?: number | string;
}

/**
 * The registry's check run here: the same composer (`checkCompatibility`) with the same providers
 * the server uses, so the verdict and differences are the server's for the same versions.
 * `baselines` are newest first; the level decides which are compared.
 */
export function checkLocally(
  providers: SchemaProviders,
  candidate: Candidate,
  parsed: ParsedSchema,
  baselines: readonly Baseline[],
  level: CompatibilityLevel,
  policy: CompatibilityPolicy,
): LocalVerdict {
  const result = checkCompatibility(
    {
      level,
      policy,
      candidate: parsed,
      previous: baselines.map((b, i) => ({ version: i, schemaType: b.schemaType, text: b.text, schema: b.parsed })),
    },
    (t) => providers.get(t),
  );
  if (result.compatible) return { compatible: true, findings: [] };
  const findings: Finding[] = [];
  let failedAgainst: number | string | undefined;
  for (const failure of result.failures) {
    const baseline = baselines[failure.version];
    failedAgainst = baseline.label;
    for (const d of failure.differences) findings.push(differenceFinding(candidate, d, failure.direction, baseline.label, baseline.text));
  }
  return { compatible: false, findings, failedAgainst };
}

/** A difference as a finding, placed in the candidate's file (or the mapped file of a reference). */
export function differenceFinding(
  candidate: Candidate,
  d: Difference,
  direction: Direction,
  version: number | string | undefined,
  oldText: string | undefined,
): Finding {
  const [reader, writer] = direction === 'NEW_READS_OLD' ? ['new', 'old'] : ['old', 'new'];
  return placed(candidate, {
    type: d.type,
    severity: d.compatible ? 'notice' : 'error',
    message: describe(d, reader, writer),
    path: d.path,
    version,
    direction,
    additionalInfo: d.additionalInfo,
  }, direction === 'OLD_READS_NEW' ? oldText : undefined);
}

/** A difference the registry reported (verbose messages), as a finding. */
export function reportedFinding(candidate: Candidate, d: ReportedDifference): Finding {
  return placed(
    candidate,
    {
      type: d.type,
      severity: 'error',
      message: d.description,
      path: d.path,
      version: d.version,
      direction: d.direction,
      additionalInfo: d.additionalInfo,
    },
    d.direction === 'OLD_READS_NEW' ? d.oldSchema : undefined,
  );
}

function placed(candidate: Candidate, finding: Omit<Finding, 'file' | 'line' | 'column'>, readerText: string | undefined): Finding {
  const base: Finding = { ...finding, file: candidate.file };
  if (finding.path === undefined) return base;
  const at = locateDifference({
    schemaType: candidate.schemaType,
    text: candidate.text,
    path: finding.path,
    references: candidate.sources.map((s) => s.text),
    readerText,
  });
  if (!at) return base;
  if (at.source === 0) return { ...base, line: at.line, column: at.column };
  const file = candidate.sources[at.source - 1]?.file;
  return file ? { ...base, file, line: at.line, column: at.column } : base;
}
