/** Confluent's response media types with the server's preference weight (Versions.java). */
export const SCHEMA_REGISTRY_V1_JSON = 'application/vnd.schemaregistry.v1+json';
const OFFERED: readonly (readonly [string, number])[] = [
  [SCHEMA_REGISTRY_V1_JSON, 1],
  ['application/vnd.schemaregistry+json', 0.9],
  ['application/json', 0.5],
];

/** Request media types the registry reads as JSON (octet-stream is for ad-hoc curl, as in Confluent). */
export const REQUEST_TYPES = [
  'application/vnd.schemaregistry.v1+json',
  'application/vnd.schemaregistry+json',
  'application/json',
  'application/octet-stream',
] as const;

/**
 * The response type for an Accept header, or null when none of Confluent's types is acceptable
 * (406). No Accept, or any wildcard, gives the v1 type.
 */
export function negotiate(accept: string | undefined): string | null {
  if (!accept || accept === '*/*' || accept === SCHEMA_REGISTRY_V1_JSON) return SCHEMA_REGISTRY_V1_JSON;
  let best: string | null = null;
  let bestScore = 0;
  for (const part of accept.split(',')) {
    const [rangeRaw, ...params] = part.trim().split(';');
    const range = rangeRaw.trim().toLowerCase();
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k === 'q') q = Number(v);
    }
    if (!(q > 0)) continue;
    for (const [type, weight] of OFFERED) {
      if (range === type || range === '*/*' || range === 'application/*') {
        const score = q * weight;
        if (score > bestScore) {
          bestScore = score;
          best = type;
        }
      }
    }
  }
  return best;
}
