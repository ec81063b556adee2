/** How a registration request ended. */
export type RegistrationOutcome = 'created' | 'existing' | 'incompatible' | 'error';

/** What a compatibility check concluded. */
export type CompatibilityVerdict = 'compatible' | 'incompatible';

/**
 * Where the registry reports what it did, for metrics. Implemented outside the registry
 * (src/ops/metrics) and injected when present, so the registry depends on no metrics library.
 * Calls sit on request paths: implementations must be cheap and must not throw.
 */
export interface RegistryMetrics {
  registration(outcome: RegistrationOutcome): void;
  compatibilityCheck(verdict: CompatibilityVerdict): void;
}

/** Injection token of the optional RegistryMetrics. */
export const REGISTRY_METRICS = Symbol('REGISTRY_METRICS');
