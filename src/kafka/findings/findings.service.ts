import { Injectable } from '@nestjs/common';
import { FINDING_KINDS, type FindingKind } from '../audit/finding';
import { KafkaErrors } from '../kafka-errors';
import { FindingRepository, type FindingEvent, type StoredFinding } from './finding.repository';

const MAX_LIMIT = 1000;

/** Reading the audit's findings: current or resolved, by kind, topic, cluster or team, with history. */
@Injectable()
export class FindingsService {
  constructor(private readonly repository: FindingRepository) {}

  list(query: { status?: string; kind?: string; topic?: string; cluster?: string; team?: string; limit?: string; before?: string }): Promise<StoredFinding[]> {
    const status = query.status ?? 'open';
    if (!['open', 'resolved', 'all'].includes(status)) throw KafkaErrors.invalidRequest('status must be open, resolved or all');
    if (query.kind !== undefined && !FINDING_KINDS.includes(query.kind as FindingKind)) {
      throw KafkaErrors.invalidRequest(`Unknown finding kind '${query.kind}'; known: ${FINDING_KINDS.join(', ')}`);
    }
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw KafkaErrors.invalidRequest(`limit must be an integer from 1 to ${MAX_LIMIT}`);
    const before = query.before === undefined ? undefined : Number(query.before);
    if (before !== undefined && !Number.isInteger(before)) throw KafkaErrors.invalidRequest('before must be a finding id');
    return this.repository.list({
      status: status === 'all' ? undefined : (status as 'open' | 'resolved'),
      kind: query.kind,
      topic: query.topic,
      cluster: query.cluster,
      team: query.team,
      limit,
      beforeId: before,
    });
  }

  async get(id: string): Promise<StoredFinding & { history: FindingEvent[] }> {
    const finding = /^\d+$/.test(id) ? await this.repository.get(Number(id)) : undefined;
    if (!finding) throw KafkaErrors.findingNotFound(id);
    return { ...finding, history: await this.repository.history(finding.id) };
  }

  async history(id: string): Promise<FindingEvent[]> {
    return (await this.get(id)).history;
  }
}
