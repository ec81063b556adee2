import { Injectable } from '@nestjs/common';
import { SchemaProviders } from '../../compatibility/schema-providers';
import { CatalogStore } from '../catalog-store.service';
import { normalizeSubject, type CatalogState } from '../catalog-state';
import type { Topic, TopicClient } from '../catalog.types';
import { found } from '../catalog-entries.service';
import { SchemaFactsService } from '../schema-facts.service';
import { buildAsyncApi, type DocumentSchema } from './asyncapi-document';

/** Where the document says Kafka and the registry are. */
export interface ServerInfo {
  readonly host: string;
  readonly schemaRegistryUrl: string;
}

/** AsyncAPI 3.0 documents of a domain or an application. */
@Injectable()
export class AsyncApiService {
  constructor(
    private readonly store: CatalogStore,
    private readonly facts: SchemaFactsService,
    private readonly providers: SchemaProviders,
  ) {}

  /**
   * A domain's topics with everyone producing to or consuming from them, and the topics of
   * other domains its applications use.
   */
  async forDomain(name: string, server: ServerInfo): Promise<Record<string, unknown>> {
    const state = await this.store.current();
    const domain = found(state, 'domain', name);
    const apps = new Set(state.all('application').filter((a) => a.domain === name).map((a) => a.name));
    const topics = new Set(state.all('topic').filter((t) => t.domain === name).map((t) => t.name));
    const clients = state.all('client').filter((c) => topics.has(c.topic) || apps.has(c.application));
    for (const c of clients) topics.add(c.topic);
    const owner = state.all('team').find((t) => t.domain === name);
    return this.build(state, {
      title: `${name} domain`,
      description: domain.description,
      topics: [...topics].sort().map((t) => state.get('topic', t)!),
      clients,
      server,
      contact: owner ? contactOf(owner) : undefined,
      extensions: { 'x-charter-domain': name },
    });
  }

  /** The topics an application produces to and consumes from. */
  async forApplication(name: string, server: ServerInfo): Promise<Record<string, unknown>> {
    const state = await this.store.current();
    const app = found(state, 'application', name);
    const clients = state.all('client').filter((c) => c.application === name);
    const team = state.get('team', app.ownerTeam);
    return this.build(state, {
      title: `${name} application`,
      description: app.description,
      topics: [...new Set(clients.map((c) => c.topic))].sort().map((t) => state.get('topic', t)!),
      clients,
      server,
      contact: team ? contactOf(team) : undefined,
      extensions: { 'x-charter-domain': app.domain, 'x-charter-application': name, 'x-charter-owner': app.ownerTeam },
    });
  }

  private async build(
    state: CatalogState,
    scope: {
      title: string;
      description: string | null;
      topics: Topic[];
      clients: TopicClient[];
      server: ServerInfo;
      contact?: { name: string; email?: string; url?: string };
      extensions: Record<string, string>;
    },
  ): Promise<Record<string, unknown>> {
    const schemas = new Map<string, DocumentSchema>();
    for (const t of scope.topics) {
      for (const b of state.subjectsOf(t.name)) {
        const subject = normalizeSubject(b.subject);
        if (schemas.has(subject)) continue;
        const latest = await this.facts.latest(subject);
        if (!latest) continue;
        const type = latest.stored.schemaType;
        // Avro names referenced types without their definitions; the resolved form has them inline.
        const text = type === 'AVRO' ? (this.providers.get(type).format?.(latest.parsed, 'resolved') ?? latest.stored.schema) : latest.stored.schema;
        schemas.set(subject, { subject, version: latest.version, schemaType: type, text, references: latest.parsed.references });
      }
    }
    return buildAsyncApi({ state, version: String(state.revision), schemas, ...scope });
  }
}

function contactOf(team: { name: string; contacts: readonly { kind: string; value: string }[] }): { name: string; email?: string; url?: string } {
  const email = team.contacts.find((c) => c.kind === 'email')?.value;
  const url = team.contacts.find((c) => c.kind === 'url')?.value;
  return { name: team.name, ...(email ? { email } : {}), ...(url ? { url } : {}) };
}
