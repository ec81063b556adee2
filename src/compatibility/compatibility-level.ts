/**
 * The seven compatibility levels, written once as {can read, can be read, both} x {latest, all}
 * plus NONE.
 */
export const COMPATIBILITY_LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export const COMPATIBILITY_POLICIES = ['STRICT', 'LENIENT', 'LOGICAL'] as const;
export type CompatibilityPolicy = (typeof COMPATIBILITY_POLICIES)[number];

export interface LevelRule {
  /** The new schema must read data written with earlier ones (BACKWARD). */
  readonly newReadsOld: boolean;
  /** Earlier schemas must read data written with the new one (FORWARD). */
  readonly oldReadsNew: boolean;
  /** Against every live version (newest first) rather than the latest only. */
  readonly transitive: boolean;
}

const RULES: Record<CompatibilityLevel, LevelRule> = {
  NONE: { newReadsOld: false, oldReadsNew: false, transitive: false },
  BACKWARD: { newReadsOld: true, oldReadsNew: false, transitive: false },
  BACKWARD_TRANSITIVE: { newReadsOld: true, oldReadsNew: false, transitive: true },
  FORWARD: { newReadsOld: false, oldReadsNew: true, transitive: false },
  FORWARD_TRANSITIVE: { newReadsOld: false, oldReadsNew: true, transitive: true },
  FULL: { newReadsOld: true, oldReadsNew: true, transitive: false },
  FULL_TRANSITIVE: { newReadsOld: true, oldReadsNew: true, transitive: true },
};

export function levelRule(level: CompatibilityLevel): LevelRule {
  return RULES[level];
}

export function parseCompatibilityLevel(value: unknown): CompatibilityLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.toUpperCase();
  return (COMPATIBILITY_LEVELS as readonly string[]).includes(upper) ? (upper as CompatibilityLevel) : undefined;
}

export function parseCompatibilityPolicy(value: unknown): CompatibilityPolicy | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.toUpperCase();
  return (COMPATIBILITY_POLICIES as readonly string[]).includes(upper) ? (upper as CompatibilityPolicy) : undefined;
}
