import { Injectable } from '@nestjs/common';
import YAML from 'yaml';
import type { Principal } from '../../acl/principal';
import { Errors, RegistryError } from '../../common/errors/registry-error';
import { CatalogStore } from '../catalog-store.service';
import type { Change, EntityType } from '../catalog.types';
import { ENTITY_TYPES } from '../catalog.types';
import { CatalogWriterService } from '../catalog-writer.service';
import { changedFields } from '../history.service';
import type { Violation } from '../policies/policy-engine';
import { changesFor, readDocuments, toDocuments, type DocumentProblem } from './catalog-documents';

export const IMPORT_MODES = ['validate', 'plan', 'apply'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** One step of an import plan. */
export interface PlannedOperation {
  readonly action: 'create' | 'update' | 'delete';
  readonly type: EntityType;
  readonly key: string;
  /** For updates: the fields that change. */
  readonly changed?: readonly string[];
}

export interface ImportReport {
  readonly mode: ImportMode;
  /** Whether the documents are well-formed and consistent (no errors). */
  readonly valid: boolean;
  /** Whether a blocking policy violation stops an apply. */
  readonly blocked: boolean;
  /** Whether the catalogue was changed (apply only). */
  readonly applied: boolean;
  readonly revision: number;
  readonly errors: readonly DocumentProblem[];
  readonly operations: readonly PlannedOperation[];
  readonly violations: readonly Violation[];
}

/** An import body: YAML text (one or more documents), or JSON `{files: {name: yaml}}`. */
export type ImportBody = string | { files?: Record<string, unknown> } | undefined;

/** Export to, and import from, YAML documents: one per domain, and one for the global part. */
@Injectable()
export class CatalogAsCodeService {
  constructor(
    private readonly store: CatalogStore,
    private readonly writer: CatalogWriterService,
  ) {}

  /** Every document (or one domain's) as `{file name: YAML}`. */
  async exportFiles(domain?: string): Promise<Record<string, string>> {
    const state = await this.store.current();
    if (domain !== undefined && !state.has('domain', domain)) throw Errors.catalogEntryNotFound('Domain', domain);
    const files: Record<string, string> = {};
    for (const { file, document } of toDocuments(state, domain)) files[file] = YAML.stringify(document, { lineWidth: 0 });
    return files;
  }

  /** The documents as one YAML stream, each headed by the file it belongs in. */
  async exportStream(domain?: string): Promise<string> {
    const files = await this.exportFiles(domain);
    return Object.entries(files)
      .map(([file, text]) => `--- # ${file}\n${text}`)
      .join('');
  }

  async import(body: ImportBody, mode: ImportMode, who: Principal): Promise<ImportReport> {
    const { documents, problems } = parseFiles(body);
    const read = readDocuments(documents);
    const errors = [...problems, ...read.problems];
    const base = await this.store.current();
    const report = (over: Partial<ImportReport>): ImportReport => ({
      mode,
      valid: true,
      blocked: false,
      applied: false,
      revision: base.revision,
      errors: [],
      operations: [],
      violations: [],
      ...over,
    });
    if (errors.length) {
      if (mode === 'apply') throw Errors.invalidCatalogDocument(`The documents are invalid: ${describe(errors)}`, errors);
      return report({ valid: false, errors });
    }

    if (mode !== 'apply') {
      const changes = changesFor(base, read.desired);
      try {
        const planned = await this.writer.plan(base, changes);
        return report({
          blocked: planned.violations.some((v) => v.severity === 'block'),
          operations: mode === 'plan' ? operations(changes) : [],
          violations: planned.violations,
        });
      } catch (e) {
        // Entries naming missing ones, or deletions of entries still named: the documents are inconsistent.
        if (e instanceof RegistryError && (e.errorCode === 42281 || e.errorCode === 40981)) {
          return report({ valid: false, errors: [{ file: '(catalogue)', path: '', message: e.message }], operations: mode === 'plan' ? operations(changes) : [] });
        }
        throw e;
      }
    }

    const written = await this.writer.write((state) => {
      const changes = changesFor(state, read.desired);
      return { changes, result: () => operations(changes) };
    }, who);
    return report({ applied: written.changes.length > 0, revision: written.state.revision, operations: written.result, violations: written.warnings });
  }
}

const ORDER = new Map(ENTITY_TYPES.map((t, i) => [t, i]));

function operations(changes: readonly Change[]): PlannedOperation[] {
  return [...changes]
    .sort((a, b) => ORDER.get(a.type)! - ORDER.get(b.type)! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((c) => {
      const action = !c.before ? 'create' : !c.after ? 'delete' : 'update';
      return { action, type: c.type, key: c.key, ...(action === 'update' ? { changed: changedFields(c.before, c.after) } : {}) };
    });
}

function describe(problems: readonly DocumentProblem[]): string {
  const shown = problems.slice(0, 10).map((p) => `${p.file}: ${p.path}: ${p.message}`);
  return shown.join('; ') + (problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '');
}

/** Splits the body into YAML documents, each with the file it came from. */
function parseFiles(body: ImportBody): { documents: { file: string; document: unknown }[]; problems: DocumentProblem[] } {
  let files: [string, unknown][];
  if (typeof body === 'string') files = [['(body)', body]];
  else if (body && typeof body === 'object' && !Array.isArray(body) && body.files && typeof body.files === 'object') files = Object.entries(body.files);
  else {
    throw Errors.invalidCatalogDocument(
      'Send YAML (Content-Type: application/yaml) holding one or more documents, or JSON {"files": {"<name>.yaml": "<yaml>"}}',
    );
  }
  if (!files.length) throw Errors.invalidCatalogDocument('No documents to import');
  const documents: { file: string; document: unknown }[] = [];
  const problems: DocumentProblem[] = [];
  for (const [file, text] of files) {
    if (typeof text !== 'string') {
      problems.push({ file, path: '', message: 'must be the YAML text of the file' });
      continue;
    }
    for (const doc of YAML.parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true })) {
      if (doc.errors.length) {
        for (const e of doc.errors) problems.push({ file, path: e.linePos ? `line ${e.linePos[0].line}` : '', message: e.message.split('\n')[0] });
        continue;
      }
      const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
      if (value === null || value === undefined) continue;
      documents.push({ file, document: value });
    }
  }
  if (!documents.length && !problems.length) problems.push({ file: '(body)', path: '', message: 'holds no documents' });
  return { documents, problems };
}
