import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { COMPATIBILITY_LEVELS, COMPATIBILITY_POLICIES, type CompatibilityLevel, type CompatibilityPolicy } from '../compatibility/compatibility-level';
import { SCHEMA_TYPES, type SchemaType } from '../compatibility/schema-type';
import { configError, type FilePosition } from './cli-error';

/** The name looked for in the working directory when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = 'charter.yaml';

/** A reference of a mapped schema: another mapped file, or a subject already in the registry. */
export type EntryReference =
  | { readonly kind: 'file'; readonly name: string; /** The `file` of the mapped entry, as in charter.yaml. */ readonly file: string }
  | { readonly kind: 'subject'; readonly name: string; readonly subject: string; readonly version: number | 'latest' };

/** One schema file of charter.yaml, with everything resolved that can be without reading it. */
export interface SchemaEntry {
  /** As written in charter.yaml: relative to the file's folder, `/`-separated. */
  readonly file: string;
  readonly absolutePath: string;
  /** Relative to the working directory, `/`-separated: what reports name. */
  readonly displayPath: string;
  readonly subject: string;
  readonly schemaType: SchemaType;
  /** The level this file is checked at; undefined: the registry's (online) or the project's default. */
  readonly level?: CompatibilityLevel;
  /** The JSON Schema policy it is checked with (STRICT, LENIENT); undefined: the registry's (online) or the project's default. */
  readonly policy?: CompatibilityPolicy;
  /** `latest`: compare with the newest version only, whatever the level's transitivity. */
  readonly against?: 'latest';
  readonly references: readonly EntryReference[];
  /** Where the entry is in charter.yaml, for messages. */
  readonly position: FilePosition;
}

/** charter.yaml, read and checked. */
export interface CharterProject {
  readonly configPath: string;
  /** The folder charter.yaml is in; every path in it is relative to this. */
  readonly dir: string;
  readonly registryUrl?: string;
  /** Level of files that set none, offline (online the registry's level applies to those). */
  readonly defaultLevel?: CompatibilityLevel;
  /** Policy of files that set none, offline (online the registry's policy applies to those). */
  readonly defaultPolicy?: CompatibilityPolicy;
  readonly entries: readonly SchemaEntry[];
  /** The catalogue file or folder `charter validate` checks, absolute. */
  readonly catalog?: string;
}

const upper = (values: readonly [string, ...string[]], what: string) =>
  z
    .string({ error: `must be a string: one of ${values.join(', ')}` })
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.enum(values, { error: `${what} must be one of ${values.join(', ')}` }));

const level = upper(COMPATIBILITY_LEVELS as unknown as [string, ...string[]], 'the compatibility level');
const policy = upper(COMPATIBILITY_POLICIES as unknown as [string, ...string[]], 'the compatibility policy');
const schemaType = upper(SCHEMA_TYPES as unknown as [string, ...string[]], 'the format');
const against = z.enum(['latest'], { error: 'against may only be "latest" (leave it out to follow the level)' });
const nonEmpty = (what: string) => z.string({ error: `${what} must be a string` }).trim().min(1, { error: `${what} must not be empty` });

const reference = z
  .object({
    name: nonEmpty('name'),
    file: nonEmpty('file').optional(),
    subject: nonEmpty('subject').optional(),
    version: z
      .union([z.number().int().min(-1), z.literal('latest')], { error: 'version must be a version number or "latest"' })
      .optional(),
  })
  .strict();

const entry = z
  .object({
    file: nonEmpty('file'),
    subject: nonEmpty('subject'),
    format: schemaType.optional(),
    compatibility: level.optional(),
    compatibilityPolicy: policy.optional(),
    against: against.optional(),
    references: z.array(reference).default([]),
  })
  .strict();

const configSchema = z
  .object({
    registry: z.object({ url: z.url({ error: 'registry.url must be an http(s) URL' }).optional() }).strict().optional(),
    compatibility: level.optional(),
    compatibilityPolicy: policy.optional(),
    schemas: z.array(entry).min(1, { error: 'schemas must list at least one schema file' }),
    catalog: nonEmpty('catalog').optional(),
  })
  .strict();

type RawConfig = z.output<typeof configSchema>;

const FORMAT_BY_EXTENSION: Record<string, SchemaType> = {
  '.avsc': 'AVRO',
  '.avro': 'AVRO',
  '.proto': 'PROTOBUF',
  '.json': 'JSON',
};

/** Reads charter.yaml (or `configPath`): YAML, then its shape, then what it refers to. Errors name the line. */
export function loadProject(configPath: string, cwd: string = process.cwd()): CharterProject {
  const absolute = path.resolve(cwd, configPath);
  const shown = toPosix(path.relative(cwd, absolute)) || absolute;
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (e) {
    throw configError(`cannot read ${shown}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const first = doc.errors[0];
    const { line, col } = lines.linePos(first.pos[0]);
    throw configError(first.message.split('\n')[0], { file: shown, line, column: col });
  }
  const where = (keyPath: readonly (string | number)[], onKey = false): FilePosition => {
    const offset = offsetOf(doc, keyPath, onKey);
    if (offset === undefined) return { file: shown };
    const { line, col } = lines.linePos(offset);
    return { file: shown, line, column: col };
  };
  const parsed = configSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keyPath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      throw configError(`unknown key "${issue.keys[0]}"`, where([...keyPath, issue.keys[0]], true));
    }
    const named = keyPath.length ? `${keyPath.join('.')}: ` : '';
    throw configError(`${named}${issue.message}`, where(keyPath));
  }
  return resolveProject(parsed.data, path.dirname(absolute), absolute, cwd, where);
}

function resolveProject(
  raw: RawConfig,
  dir: string,
  configPath: string,
  cwd: string,
  where: (keyPath: readonly (string | number)[], onKey?: boolean) => FilePosition,
): CharterProject {
  const byFile = new Map<string, number>();
  const bySubject = new Map<string, number>();
  raw.schemas.forEach((s, i) => {
    const file = normalizeFile(s.file);
    if (byFile.has(file)) throw configError(`${s.file} is mapped twice (first as schemas[${byFile.get(file)}])`, where(['schemas', i, 'file']));
    if (bySubject.has(s.subject)) {
      throw configError(`subject ${s.subject} is mapped twice (first as schemas[${bySubject.get(s.subject)}])`, where(['schemas', i, 'subject']));
    }
    byFile.set(file, i);
    bySubject.set(s.subject, i);
  });

  const entries = raw.schemas.map((s, i): SchemaEntry => {
    const file = normalizeFile(s.file);
    const absolutePath = path.resolve(dir, file);
    if (!fs.existsSync(absolutePath) || !fs.statSync(absolutePath).isFile()) {
      throw configError(`schema file ${s.file} does not exist`, where(['schemas', i, 'file']));
    }
    const inferred = FORMAT_BY_EXTENSION[path.extname(file).toLowerCase()];
    const type = (s.format as SchemaType | undefined) ?? inferred;
    if (!type) throw configError(`cannot tell the format of ${s.file} from its extension: add format: AVRO, PROTOBUF or JSON`, where(['schemas', i]));
    const references = s.references.map((r, j): EntryReference => {
      const at = ['schemas', i, 'references', j];
      if ((r.file === undefined) === (r.subject === undefined)) {
        throw configError('a reference names either a mapped file (file:) or a registry subject (subject:, version:)', where(at));
      }
      if (r.file !== undefined) {
        if (r.version !== undefined) throw configError('version goes with subject:, not with file:', where([...at, 'version'], true));
        const target = normalizeFile(r.file);
        if (!byFile.has(target)) throw configError(`reference ${r.name}: ${r.file} is not one of the mapped schema files`, where([...at, 'file']));
        if (target === file) throw configError(`reference ${r.name}: a schema cannot reference itself`, where([...at, 'file']));
        return { kind: 'file', name: r.name, file: target };
      }
      const version = r.version === undefined || r.version === 'latest' || r.version === -1 ? 'latest' : r.version;
      if (version !== 'latest' && version < 1) throw configError('version must be 1 or more, or "latest"', where([...at, 'version']));
      return { kind: 'subject', name: r.name, subject: r.subject!, version };
    });
    return {
      file,
      absolutePath,
      displayPath: toPosix(path.relative(cwd, absolutePath)) || file,
      subject: s.subject,
      schemaType: type,
      level: s.compatibility as CompatibilityLevel | undefined,
      policy: s.compatibilityPolicy as CompatibilityPolicy | undefined,
      against: s.against,
      references,
      position: where(['schemas', i]),
    };
  });

  checkAcyclic(entries, (i) => where(['schemas', i, 'references']));
  const catalog = raw.catalog === undefined ? undefined : path.resolve(dir, raw.catalog);
  if (catalog !== undefined && !fs.existsSync(catalog)) throw configError(`catalog ${raw.catalog} does not exist`, where(['catalog']));
  return {
    configPath,
    dir,
    registryUrl: raw.registry?.url,
    defaultLevel: raw.compatibility as CompatibilityLevel | undefined,
    defaultPolicy: raw.compatibilityPolicy as CompatibilityPolicy | undefined,
    entries,
    catalog,
  };
}

/** References between mapped files must not loop: registration needs an order. */
function checkAcyclic(entries: readonly SchemaEntry[], where: (index: number) => FilePosition): void {
  const index = new Map(entries.map((e, i) => [e.file, i]));
  const state = new Map<string, 'open' | 'done'>();
  const visit = (e: SchemaEntry, trail: string[]): void => {
    if (state.get(e.file) === 'done') return;
    if (state.get(e.file) === 'open') {
      const loop = [...trail.slice(trail.indexOf(e.file)), e.file].join(' -> ');
      throw configError(`references form a cycle: ${loop}`, where(index.get(e.file)!));
    }
    state.set(e.file, 'open');
    for (const r of e.references) if (r.kind === 'file') visit(entries[index.get(r.file)!], [...trail, e.file]);
    state.set(e.file, 'done');
  };
  for (const e of entries) visit(e, []);
}

/** Mapped entries with every file they reference first: the order registration needs. */
export function referencesFirst(entries: readonly SchemaEntry[]): SchemaEntry[] {
  const byFile = new Map(entries.map((e) => [e.file, e]));
  const out: SchemaEntry[] = [];
  const seen = new Set<string>();
  const visit = (e: SchemaEntry): void => {
    if (seen.has(e.file)) return;
    seen.add(e.file);
    for (const r of e.references) if (r.kind === 'file') visit(byFile.get(r.file)!);
    out.push(e);
  };
  entries.forEach(visit);
  return out;
}

/** `entries` and every mapped file they reference, directly or not, in charter.yaml's order. */
export function withReferencedFiles(project: CharterProject, entries: readonly SchemaEntry[]): SchemaEntry[] {
  const wanted = new Set<string>();
  const add = (e: SchemaEntry) => {
    if (wanted.has(e.file)) return;
    wanted.add(e.file);
    for (const r of e.references) if (r.kind === 'file') add(project.entries.find((x) => x.file === r.file)!);
  };
  entries.forEach(add);
  return project.entries.filter((e) => wanted.has(e.file));
}

/** The entries chosen on the command line (by file or subject), every entry when none is. */
export function selectEntries(project: CharterProject, wanted: readonly string[], cwd: string = process.cwd()): SchemaEntry[] {
  if (!wanted.length) return [...project.entries];
  return wanted.map((w) => {
    const absolute = path.resolve(cwd, w);
    const found = project.entries.find((e) => e.absolutePath === absolute || e.subject === w);
    if (!found) throw configError(`${w} is neither a schema file nor a subject mapped in ${toPosix(path.relative(cwd, project.configPath))}`);
    return found;
  });
}

function normalizeFile(file: string): string {
  return path.posix.normalize(toPosix(file)).replace(/^\.\//, '');
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Offset of the value (or, with `onKey`, the key) at `keyPath`, or of the nearest enclosing node. */
function offsetOf(doc: Document, keyPath: readonly (string | number)[], onKey: boolean): number | undefined {
  for (let n = keyPath.length; n >= 0; n--) {
    const prefix = keyPath.slice(0, n);
    if (onKey && n === keyPath.length && n > 0) {
      const parent = prefix.length > 1 ? doc.getIn(prefix.slice(0, -1), true) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === prefix[prefix.length - 1]);
        const range = (pair?.key as { range?: [number, number, number] } | null)?.range;
        if (range) return range[0];
      }
      continue;
    }
    const node = prefix.length ? doc.getIn(prefix, true) : doc.contents;
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return range[0];
  }
  return undefined;
}
