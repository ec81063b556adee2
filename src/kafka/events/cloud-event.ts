import { randomUUID } from 'node:crypto';

/** The types of governance events Charter publishes. */
export const GovernanceEventTypes = {
  SCHEMA_REGISTERED: 'io.charter.schema.registered',
  CATALOG_CHANGED: 'io.charter.catalog.changed',
  FINDING_OPENED: 'io.charter.finding.opened',
  FINDING_RESOLVED: 'io.charter.finding.resolved',
} as const;
export type GovernanceEventType = (typeof GovernanceEventTypes)[keyof typeof GovernanceEventTypes];

/** A CloudEvents 1.0 event in the JSON format (structured mode): the whole message value. */
export interface CloudEvent<T = unknown> {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: GovernanceEventType;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: T;
}

/** The content type of a structured-mode CloudEvents message (its Kafka `content-type` header). */
export const CLOUDEVENTS_JSON = 'application/cloudevents+json; charset=UTF-8';

/**
 * A CloudEvent. `id` should be stable when the same fact could be published twice (a catalogue
 * change seen by several nodes), so that consumers can drop duplicates by source and id.
 */
export function cloudEvent<T>(e: { type: GovernanceEventType; source: string; subject: string; data: T; id?: string; time?: Date }): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: e.id ?? randomUUID(),
    source: e.source,
    type: e.type,
    subject: e.subject,
    time: (e.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data: e.data,
  };
}
