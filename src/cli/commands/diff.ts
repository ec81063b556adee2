import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Direction } from '../../compatibility/compatibility-checker';
import { levelRule, parseCompatibilityLevel, type CompatibilityLevel } from '../../compatibility/compatibility-level';
import { createSchemaProviders } from '../../compatibility/providers';
import type { ParsedSchema, ResolvedReference } from '../../compatibility/schema-provider';
import { isSchemaType, type SchemaType } from '../../compatibility/schema-type';
import { usageError } from '../cli-error';
import { COMMON_OPTIONS, REGISTRY_OPTIONS, commonValues, parseCommand } from '../cli-options';
import { helpOutcome, type Command, type CommandContext } from '../command';
import { differenceFinding, type Candidate } from '../compatibility-findings';
import { DEFAULT_CONFIG_FILE, loadProject, toPosix, type CharterProject } from '../config';
import type { Finding } from '../findings';
import { RegistryClient, registryTarget } from '../registry-client';
import { loadSchema, parseSchema, referenceTexts, RegistryReferences, type ReferenceSource } from '../schema-loader';
import { workingTree } from '../schema-texts';

export const DIFF_USAGE = `Usage: charter diff <old> <new> [options]

Lists the differences between two versions of a schema, each with its type, whether it is
compatible, and where it is in the new one. <old> and <new> are files, or subject@version
(subject@3, subject@latest) read from the registry.

  --level <level>        which directions matter (default BACKWARD: can the new schema read old
                         data; FORWARD: can the old read new data; FULL: both; NONE: show only)
  --type <type>          AVRO, PROTOBUF or JSON, for files whose format cannot be told from
                         charter.yaml or their extension (.avsc, .proto, .json)
  --registry, -r <url>   for subject@version (default: $CHARTER_URL, $SCHEMA_REGISTRY_URL, registry.url)
  --config, -c <file>    charter.yaml, for the formats and references of mapped files
  --format, -f <format>  text (default), json, junit or github (workflow annotations)
  --output, -o <file>    write the report to a file instead of standard output

Exit codes: 0 compatible at the level, 1 incompatible, 2 usage, configuration or connection
errors.`;

interface Operand {
  readonly label: string;
  readonly schemaType: SchemaType;
  readonly text: string;
  readonly references: readonly ResolvedReference[];
  readonly sources: readonly ReferenceSource[];
}

/** `charter diff <old> <new>`: a readable list of differences between two versions. */
export const diff: Command = async (args, context) => {
  const { values, positionals } = parseCommand(
    args,
    { ...COMMON_OPTIONS, ...REGISTRY_OPTIONS, level: { type: 'string' }, type: { type: 'string' } },
    DIFF_USAGE,
  );
  const common = commonValues(values);
  if (common.help) return helpOutcome(DIFF_USAGE);
  if (positionals.length !== 2) throw usageError(`charter diff takes two schemas, <old> and <new>\n\n${DIFF_USAGE}`);
  const level: CompatibilityLevel = values.level === undefined ? 'BACKWARD' : (parseCompatibilityLevel(values.level) ?? badLevel(values.level));
  const forcedType = values.type === undefined ? undefined : values.type.toUpperCase();
  if (forcedType !== undefined && !isSchemaType(forcedType)) throw usageError('--type must be AVRO, PROTOBUF or JSON');

  // charter.yaml is optional here: it only adds formats and references of mapped files.
  const configGiven = typeof values.config === 'string';
  const project = configGiven || fs.existsSync(path.resolve(context.cwd, DEFAULT_CONFIG_FILE)) ? loadProject(common.config, context.cwd) : undefined;
  let registry: RegistryReferences | undefined;
  const registryFor = () => (registry ??= new RegistryReferences(new RegistryClient(registryTarget(context.env, values.registry, project?.registryUrl))));

  const [old, next] = [
    await operand(positionals[0], forcedType as SchemaType | undefined, project, registryFor, context),
    await operand(positionals[1], forcedType as SchemaType | undefined, project, registryFor, context),
  ];
  const providers = createSchemaProviders();
  const base = { file: next.label, schemaType: next.schemaType };
  const parse = (o: Operand) => parseSchema(providers, o.schemaType, o.text, o.references, 'stored', o.label);
  const before = parse(old);
  const after = parse(next);
  const report = (result: DiffResult) => ({ kind: 'report' as const, report: { command: 'diff', results: [result] }, format: common.format, output: common.output });
  const invalid = [before, after].flatMap((p) => ('error' in p ? [p.error] : []));
  if (invalid.length) return report({ ...base, status: 'invalid', findings: invalid });
  if (old.schemaType !== next.schemaType) {
    const finding: Finding = {
      type: 'SCHEMA_TYPE_CHANGED',
      severity: 'error',
      message: `${old.label} is ${old.schemaType} but ${next.label} is ${next.schemaType}`,
      file: next.label,
    };
    return report({ ...base, status: 'incompatible', detail: `with ${old.label}`, findings: [finding] });
  }

  const provider = providers.get(next.schemaType);
  const candidate: Candidate = { schemaType: next.schemaType, text: next.text, file: next.label, sources: next.sources };
  const rule = levelRule(level);
  const a = (before as { parsed: ParsedSchema }).parsed;
  const b = (after as { parsed: ParsedSchema }).parsed;
  const findings: Finding[] = [];
  const add = (direction: Direction, counts: boolean, onlyIncompatible: boolean) => {
    const found = direction === 'NEW_READS_OLD' ? provider.diff(a, b, 'STRICT') : provider.diff(b, a, 'STRICT');
    for (const d of found) {
      if (onlyIncompatible && d.compatible) continue;
      const f = differenceFinding(candidate, d, direction, old.label, old.text);
      findings.push({ ...f, severity: !d.compatible && counts ? 'error' : 'notice', compatible: d.compatible });
    }
  };
  // Every difference the new schema meets reading old data; the reverse direction adds its breaks.
  add('NEW_READS_OLD', rule.newReadsOld, false);
  if (rule.oldReadsNew) add('OLD_READS_NEW', true, true);
  const broken = findings.some((f) => f.severity === 'error');
  const status = broken ? 'incompatible' : findings.length ? 'compatible' : 'no differences';
  return report({ ...base, status, detail: `with ${old.label} at ${level}`, findings });
};

type DiffResult = { file: string; schemaType: SchemaType; status: string; detail?: string; findings: Finding[] };

function badLevel(value: string): never {
  throw usageError(`--level ${value} is not a compatibility level (NONE, BACKWARD, FORWARD, FULL and their _TRANSITIVE forms)`);
}

const EXTENSION_TYPES: Record<string, SchemaType> = { '.avsc': 'AVRO', '.avro': 'AVRO', '.proto': 'PROTOBUF', '.json': 'JSON' };

/** A file, or `subject@version` from the registry. */
async function operand(
  spec: string,
  forcedType: SchemaType | undefined,
  project: CharterProject | undefined,
  registryFor: () => RegistryReferences,
  context: CommandContext,
): Promise<Operand> {
  const file = path.resolve(context.cwd, spec);
  if (fs.existsSync(file) && fs.statSync(file).isFile()) {
    const label = toPosix(path.relative(context.cwd, file)) || spec;
    const entry = project?.entries.find((e) => e.absolutePath === file);
    if (entry) {
      const hasSubjectRefs = entry.references.some((r) => r.kind === 'subject');
      const loaded = (await loadSchema(project!, entry, workingTree(), { registry: hasSubjectRefs ? registryFor() : undefined, versionOf: () => 1 }))!;
      return { label, schemaType: forcedType ?? entry.schemaType, text: loaded.text, references: loaded.references, sources: loaded.sources };
    }
    const schemaType = forcedType ?? EXTENSION_TYPES[path.extname(file).toLowerCase()];
    if (!schemaType) throw usageError(`cannot tell the format of ${spec}: pass --type AVRO, PROTOBUF or JSON`);
    return { label, schemaType, text: fs.readFileSync(file, 'utf8'), references: [], sources: [] };
  }
  const at = /^(.+)@(\d+|latest|-1)$/.exec(spec);
  if (!at) throw usageError(`${spec} is neither a file nor subject@version`);
  const registry = registryFor();
  const version = await registry.version(at[1], at[2] === 'latest' || at[2] === '-1' ? 'latest' : Number(at[2]));
  const references = await registry.resolveAll(version.references);
  return {
    label: `${at[1]}@${version.version}`,
    schemaType: forcedType ?? version.schemaType,
    text: version.schema,
    references,
    sources: referenceTexts(references),
  };
}
