import { SchemaParseError, type ParsedSchema, type ResolvedReference, type SchemaReference } from '../compatibility/schema-provider';
import type { SchemaProviders } from '../compatibility/schema-providers';
import type { SchemaType } from '../compatibility/schema-type';
import { CliError, configError } from './cli-error';
import type { CharterProject, EntryReference, SchemaEntry } from './config';
import type { Finding } from './findings';
import type { RegisteredVersion, RegistryClient } from './registry-client';
import type { SchemaTexts } from './schema-texts';

/** A schema reached through references: its text and, when it is a mapped file, that file. */
export interface ReferenceSource {
  readonly text: string;
  /** Display path, for mapped files only (subjects from the registry have none). */
  readonly file?: string;
}

/** A mapped file's text with its references resolved, ready to parse. */
export interface LoadedSchema {
  readonly entry: SchemaEntry;
  readonly text: string;
  readonly references: readonly ResolvedReference[];
  /** Every schema its references reach, depth first: where findings in imported types are looked for. */
  readonly sources: readonly ReferenceSource[];
}

export interface LoadOptions {
  /** Resolves references to registry subjects; without it (offline) such references are an error. */
  readonly registry?: RegistryReferences;
  /**
   * The version a reference to a mapped file carries. Protobuf diffs into imported types only when
   * the two sides reference different subject versions, so a changed file must get a new one.
   */
  readonly versionOf: (target: SchemaEntry, text: string) => number | Promise<number>;
}

const MAX_REFERENCE_DEPTH = 64;

/**
 * Loads `entry` as it is in `texts` with every reference resolved: mapped files from the same
 * `texts`, registry subjects through `options.registry`. Undefined when the file is not in `texts`.
 */
export async function loadSchema(project: CharterProject, entry: SchemaEntry, texts: SchemaTexts, options: LoadOptions): Promise<LoadedSchema | undefined> {
  const text = texts.read(entry);
  if (text === undefined) return undefined;
  const sources: ReferenceSource[] = [];
  const references = await resolveEntryReferences(project, entry, texts, options, sources, 0);
  return { entry, text, references, sources };
}

async function resolveEntryReferences(
  project: CharterProject,
  entry: SchemaEntry,
  texts: SchemaTexts,
  options: LoadOptions,
  sources: ReferenceSource[],
  depth: number,
): Promise<ResolvedReference[]> {
  const out: ResolvedReference[] = [];
  for (const ref of entry.references) {
    if (ref.kind === 'subject') {
      if (!options.registry) {
        throw configError(
          `${entry.displayPath} references subject ${ref.subject} (as ${ref.name}), which only a registry can resolve: map that schema's file in charter.yaml to check offline`,
          entry.position,
        );
      }
      const resolved = await options.registry.resolve(ref.name, ref.subject, ref.version, depth + 1);
      out.push(resolved);
      collect(resolved, sources);
      continue;
    }
    const target = project.entries.find((e) => e.file === ref.file)!;
    const text = texts.read(target);
    if (text === undefined) {
      throw new CliError(`${entry.displayPath} references ${target.displayPath}, which is not in ${texts.label}`, 'io');
    }
    sources.push({ text, file: target.displayPath });
    const nested = await resolveEntryReferences(project, target, texts, options, sources, depth + 1);
    out.push({
      name: ref.name,
      subject: target.subject,
      version: await options.versionOf(target, text),
      schemaType: target.schemaType,
      schema: text,
      references: nested,
    });
  }
  return out;
}

function collect(ref: ResolvedReference, sources: ReferenceSource[]): void {
  sources.push({ text: ref.schema });
  for (const r of ref.references) collect(r, sources);
}

/** References as the REST API takes them: mapped files become their subject at `versionOf`. */
export async function wireReferences(
  entry: SchemaEntry,
  versionOf: (target: SchemaEntry) => Promise<number>,
  project: CharterProject,
  registry: RegistryReferences,
): Promise<SchemaReference[]> {
  const out: SchemaReference[] = [];
  for (const ref of entry.references) out.push(await wireReference(ref, versionOf, project, registry));
  return out;
}

async function wireReference(
  ref: EntryReference,
  versionOf: (target: SchemaEntry) => Promise<number>,
  project: CharterProject,
  registry: RegistryReferences,
): Promise<SchemaReference> {
  if (ref.kind === 'subject') {
    const version = ref.version === 'latest' ? (await registry.version(ref.subject, 'latest')).version : ref.version;
    return { name: ref.name, subject: ref.subject, version };
  }
  const target = project.entries.find((e) => e.file === ref.file)!;
  return { name: ref.name, subject: target.subject, version: await versionOf(target) };
}

/** Versions read from the registry, with their references resolved there too; each read once. */
export class RegistryReferences {
  private readonly versions = new Map<string, Promise<RegisteredVersion>>();

  constructor(readonly client: RegistryClient) {}

  version(subject: string, version: number | 'latest'): Promise<RegisteredVersion> {
    const key = `${subject}\u0000${version}`;
    let hit = this.versions.get(key);
    if (!hit) {
      hit = this.client.version(subject, version);
      this.versions.set(key, hit);
    }
    return hit;
  }

  /** A reference by subject and version, with its own references. */
  async resolve(name: string, subject: string, version: number | 'latest', depth: number): Promise<ResolvedReference> {
    if (depth > MAX_REFERENCE_DEPTH) throw new CliError(`references nest more than ${MAX_REFERENCE_DEPTH} deep (or loop) at ${subject}`, 'registry');
    const found = await this.version(subject, version);
    return {
      name,
      subject,
      version: found.version,
      schemaType: found.schemaType,
      schema: found.schema,
      references: await this.resolveAll(found.references, depth + 1),
    };
  }

  async resolveAll(references: readonly SchemaReference[], depth = 0): Promise<ResolvedReference[]> {
    const out: ResolvedReference[] = [];
    for (const r of references) out.push(await this.resolve(r.name, r.subject, r.version === -1 ? 'latest' : r.version, depth));
    return out;
  }
}

/** The texts of every schema a resolved reference list reaches (for findings in imported types). */
export function referenceTexts(references: readonly ResolvedReference[]): ReferenceSource[] {
  const out: ReferenceSource[] = [];
  for (const r of references) collect(r, out);
  return out;
}

export type ParseOutcome = { readonly parsed: ParsedSchema } | { readonly error: Finding };

/**
 * Parses a schema as the registry would: `new` strictly (a file about to be registered), `stored`
 * leniently (a version already registered). A schema that does not parse is a finding at the
 * line and column the parser names.
 */
export function parseSchema(
  providers: SchemaProviders,
  schemaType: SchemaType,
  text: string,
  references: readonly ResolvedReference[],
  mode: 'new' | 'stored',
  file?: string,
): ParseOutcome {
  try {
    return { parsed: providers.get(schemaType).parse(text, references, { mode }) };
  } catch (e) {
    const message =
      e instanceof RangeError ? 'nested too deeply to process' : e instanceof Error ? e.message : String(e);
    const where = e instanceof SchemaParseError ? { line: e.line, column: e.column } : {};
    return {
      error: {
        type: 'INVALID_SCHEMA',
        severity: 'error',
        message: `Invalid ${schemaType} schema: ${message}`,
        file,
        ...(file && where.line !== undefined ? { line: where.line, column: where.column ?? 1 } : {}),
      },
    };
  }
}
