import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { changesFor, readDocuments } from '../catalog/catalog-as-code/catalog-documents';
import { checkIntegrity } from '../catalog/catalog-integrity';
import { CatalogState, fieldTagKey, normalizeSubject } from '../catalog/catalog-state';
import type { EntityType } from '../catalog/catalog.types';
import { evaluatePolicies, type PolicyTargetRef, type SubjectFacts, type Violation } from '../catalog/policies/policy-engine';
import { schemaFields } from '../catalog/schema-fields';
import type { CompatibilityLevel } from '../compatibility/compatibility-level';
import type { ParsedSchema } from '../compatibility/schema-provider';
import type { SchemaProviders } from '../compatibility/schema-providers';
import type { SchemaType } from '../compatibility/schema-type';
import { CliError } from './cli-error';
import { toPosix } from './config';
import type { FileResult, Finding } from './findings';
import { locateField } from './locate';
import type { ReferenceSource } from './schema-loader';

/** A mapped schema, parsed: what the schema rules (PII tagging, compatibility) judge a subject by. */
export interface LocalSubject {
  readonly subject: string;
  readonly schemaType: SchemaType;
  readonly parsed: ParsedSchema;
  /** The file (display path), its text and its references', to place findings about its fields. */
  readonly file: string;
  readonly text: string;
  readonly sources: readonly ReferenceSource[];
  /** The level the subject is checked at (charter.yaml's, else BACKWARD). */
  readonly level: CompatibilityLevel;
}

interface LoadedDocument {
  /** The name readDocuments reports problems under: the file, with the document's number when it holds several. */
  readonly label: string;
  /** As reports show the file. */
  readonly file: string;
  /** Relative to the catalogue folder: the name the import endpoint reports problems under. */
  readonly name: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

const JUDGED: readonly EntityType[] = ['domain', 'team', 'application', 'topic', 'event'];

/**
 * The catalogue's YAML (a file, or every .yaml/.yml file under a folder) checked as an import
 * would check it, with no server: the documents' shape, the references between entries, and every
 * policy the documents define, over every entry. Schema rules see the mapped schema files.
 */
export function validateCatalog(catalogPath: string, subjects: readonly LocalSubject[], providers: SchemaProviders, cwd: string): FileResult[] {
  const catalog = loadCatalog(catalogPath, cwd);
  const { findings, documents } = catalog;
  const read = readDocuments(documents.map((d) => ({ file: d.label, document: d.doc.toJS({ maxAliasCount: 100 }) as unknown })));
  for (const p of read.problems) {
    const f = problemFinding(catalog, p);
    findings.get(f.file!)!.push(f);
  }

  const errorsSoFar = [...findings.values()].some((list) => list.length > 0);
  if (!errorsSoFar) {
    const empty = CatalogState.empty();
    const changes = changesFor(empty, read.desired);
    const state = empty.with(changes);
    const integrity = checkIntegrity(empty, state, changes);
    for (const message of integrity.invalid) {
      findings.get(catalog.firstFile)!.push({ type: 'CATALOG_REFERENCE', severity: 'error', message, file: catalog.firstFile });
    }
    const targets: PolicyTargetRef[] = [];
    for (const type of JUDGED) for (const e of state.all(type)) targets.push({ type, key: (e as { name: string }).name });
    for (const v of evaluatePolicies({ state, targets, facts: factsOf(state, subjects, providers) })) {
      const { owner, finding } = violationFinding(catalog, v, schemaFieldLocator(subjects));
      findings.get(owner)!.push(finding);
    }
  }
  return catalogResults(findings);
}

/** One result per catalogue file: valid, invalid (documents or references) or violating policies. */
export function catalogResults(findings: ReadonlyMap<string, readonly Finding[]>, detail = '(catalogue)'): FileResult[] {
  return [...findings].map(([file, list]) => {
    const errors = list.filter((f) => f.severity === 'error');
    const status = !errors.length ? 'valid' : errors.some((f) => !f.type.startsWith('POLICY_')) ? 'invalid' : 'violates policies';
    return { file, status, detail, findings: list };
  });
}

/** The catalogue's files read and their YAML parsed; syntax errors are findings already. */
export interface LoadedCatalog {
  /** Relative paths (as reports show them) and each file's findings so far. */
  readonly findings: Map<string, Finding[]>;
  readonly documents: readonly LoadedDocument[];
  /** Each file's text, by its path relative to the catalogue folder (what the import endpoint takes). */
  readonly texts: ReadonlyMap<string, { readonly display: string; readonly text: string }>;
  readonly firstFile: string;
  readonly entries: Map<string, { document: LoadedDocument; path: (string | number)[] }>;
}

export function loadCatalog(catalogPath: string, cwd: string): LoadedCatalog {
  const files = catalogFiles(catalogPath);
  const root = fs.statSync(catalogPath).isDirectory() ? catalogPath : path.dirname(catalogPath);
  const shown = (f: string) => toPosix(path.relative(cwd, f)) || f;
  const findings = new Map<string, Finding[]>(files.map((f) => [shown(f), []]));
  const documents: LoadedDocument[] = [];
  const texts = new Map<string, { display: string; text: string }>();
  for (const file of files) {
    const display = shown(file);
    const text = fs.readFileSync(file, 'utf8');
    texts.set(toPosix(path.relative(root, file)), { display, text });
    const lines = new LineCounter();
    const list = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    const docs = Array.isArray(list) ? list : [];
    docs.forEach((doc, n) => {
      if (doc.errors.length) {
        for (const e of doc.errors) {
          const { line, col } = lines.linePos(e.pos[0]);
          findings.get(display)!.push({ type: 'CATALOG_YAML', severity: 'error', message: e.message.split('\n')[0], file: display, line, column: col });
        }
        return;
      }
      if (doc.contents === null) return;
      documents.push({ label: docs.length > 1 ? `${display} (document ${n + 1})` : display, file: display, name: toPosix(path.relative(root, file)), doc, lines });
    });
  }
  return { findings, documents, texts, firstFile: documents[0]?.file ?? shown(files[0]), entries: entryIndex(documents) };
}

/**
 * A problem of the documents (`{file, path, message}`, as readDocuments and the import endpoint
 * report them) placed on its line: `file` is a document's label or the file's name.
 */
export function problemFinding(catalog: LoadedCatalog, p: { file: string; path: string; message: string }): Finding {
  const keyPath = p.path.split('.').filter((s) => s !== '' && s !== '(document)' && !/^line \d+$/.test(s));
  const candidates = catalog.documents.filter((d) => d.label === p.file || d.name === p.file || d.file === p.file);
  const d = candidates.find((c) => keyPath.length && c.doc.hasIn(numeric(keyPath))) ?? candidates[0];
  const at = d ? positionOf(d, keyPath) : undefined;
  const file = d?.file ?? catalog.firstFile;
  return { type: 'CATALOG_INVALID', severity: 'error', message: `${p.path ? `${p.path}: ` : ''}${p.message}`, file, ...at };
}

/** A violation from the policy engine, or as the import endpoint sends it. */
export type ViolationLike = Pick<Violation, 'policy' | 'field' | 'message' | 'fix'> & {
  readonly kind: string;
  readonly severity: string;
  readonly entity: { readonly type: string; readonly key: string };
};

/** Places a schema field a violation names (`subject:path`) in the mapped schema file that declares it. */
export type FieldLocator = (field: string) => { file: string; line: number; column: number } | undefined;

/**
 * A policy violation placed on what it is about: the schema field it names when that is in a
 * mapped file, else the entry (and field) in the YAML. `owner` is the catalogue file it is
 * reported under.
 */
export function violationFinding(catalog: LoadedCatalog, v: ViolationLike, locateField?: FieldLocator): { owner: string; finding: Finding } {
  const at = catalog.entries.get(`${v.entity.type}\u0000${v.entity.key}`);
  const owner = at?.document.file ?? catalog.firstFile;
  const base = {
    type: `POLICY_${v.kind.toUpperCase().replaceAll('-', '_')}`,
    severity: v.severity === 'block' ? ('error' as const) : ('warning' as const),
    message: `${v.message} Fix: ${v.fix} (policy ${v.policy})`,
  };
  const inSchema = locateField?.(v.field);
  if (inSchema) return { owner, finding: { ...base, ...inSchema } };
  return { owner, finding: { ...base, file: owner, ...(at ? fieldPosition(at.document, at.path, v.field) : {}) } };
}

/** Where an entry is written (its item in a document), or the first catalogue file. */
export function entryPosition(catalog: LoadedCatalog, type: string, key: string): { file: string; line?: number; column?: number } {
  const at = catalog.entries.get(`${type}\u0000${key}`);
  return at ? { file: at.document.file, ...positionOf(at.document, at.path) } : { file: catalog.firstFile };
}

function numeric(keyPath: readonly (string | number)[]): (string | number)[] {
  return keyPath.map((p) => (typeof p === 'string' && /^\d+$/.test(p) ? Number(p) : p));
}

function catalogFiles(catalogPath: string): string[] {
  if (!fs.existsSync(catalogPath)) throw new CliError(`the catalogue ${catalogPath} does not exist`, 'config');
  if (fs.statSync(catalogPath).isFile()) return [catalogPath];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/i.test(name)) out.push(p);
    }
  };
  walk(catalogPath);
  if (!out.length) throw new CliError(`the catalogue folder ${catalogPath} holds no .yaml files`, 'config');
  return out;
}

/** Where each judged entry is written: its document and the path of its item. */
function entryIndex(documents: readonly LoadedDocument[]): Map<string, { document: LoadedDocument; path: (string | number)[] }> {
  const index = new Map<string, { document: LoadedDocument; path: (string | number)[] }>();
  const sections: [string, EntityType][] = [
    ['teams', 'team'],
    ['applications', 'application'],
    ['topics', 'topic'],
    ['events', 'event'],
    ['policies', 'policy'],
  ];
  for (const document of documents) {
    const value = document.doc.toJS() as Record<string, unknown> | null;
    if (!value || typeof value !== 'object') continue;
    const domain = (value.domain as { name?: unknown } | undefined)?.name;
    if (typeof domain === 'string') index.set(`domain\u0000${domain}`, { document, path: ['domain'] });
    for (const [key, type] of sections) {
      const list = value[key];
      if (!Array.isArray(list)) continue;
      list.forEach((item: { name?: unknown }, i) => {
        if (typeof item?.name === 'string') index.set(`${type}\u0000${item.name}`, { document, path: [key, i] });
      });
    }
  }
  return index;
}

function positionOf(document: LoadedDocument, keyPath: readonly (string | number)[]): { line: number; column: number } | undefined {
  for (let n = keyPath.length; n >= 0; n--) {
    const prefix = numeric(keyPath.slice(0, n));
    const node = prefix.length ? document.doc.getIn(prefix, true) : document.doc.contents;
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) {
      const { line, col } = document.lines.linePos(range[0]);
      return { line, column: col };
    }
  }
  return undefined;
}

/** A violation's field within its entry: `name`, `topicConfiguration.retention.ms` (a key with a dot). */
function fieldPosition(document: LoadedDocument, item: readonly (string | number)[], field: string) {
  const parts = field.split('.');
  const candidates = [[field], [parts[0], parts.slice(1).join('.')], parts];
  for (const c of candidates) {
    if (c.some((p) => p === '')) continue;
    if (document.doc.hasIn([...item, ...c])) return positionOf(document, [...item, ...c]);
  }
  return positionOf(document, item);
}

/** Finds `subject:field path` in the mapped schema file of the subject (or a file it references). */
export function schemaFieldLocator(subjects: readonly Pick<LocalSubject, 'subject' | 'schemaType' | 'file' | 'text' | 'sources'>[]): FieldLocator {
  return (field) => {
    for (const s of subjects) {
      const prefix = `${normalizeSubject(s.subject)}:`;
      if (!field.startsWith(prefix)) continue;
      const at = locateField(s.schemaType, s.text, field.slice(prefix.length), s.sources.map((r) => r.text));
      if (!at) return undefined;
      const file = at.source === 0 ? s.file : s.sources[at.source - 1]?.file;
      return file ? { file, line: at.line, column: at.column } : undefined;
    }
    return undefined;
  };
}

/** What the schema rules know of each mapped subject: its fields with every tag, and its level. */
function factsOf(state: CatalogState, subjects: readonly LocalSubject[], providers: SchemaProviders): Map<string, SubjectFacts> {
  const facts = new Map<string, SubjectFacts>();
  for (const s of subjects) {
    const key = normalizeSubject(s.subject);
    const fields = schemaFields(providers.get(s.schemaType), s.parsed, undefined).map((f) => {
      const catalogTags = state.get('field-tag', fieldTagKey(key, f.path))?.tags ?? [];
      return { path: f.path, name: f.name, tags: [...new Set([...f.schemaTags, ...f.metadataTags, ...catalogTags])] };
    });
    facts.set(key, { subject: key, version: 'candidate', fields, level: s.level });
  }
  return facts;
}
