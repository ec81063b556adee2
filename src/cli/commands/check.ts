import { parseCompatibilityLevel, parseCompatibilityPolicy, type CompatibilityLevel } from '../../compatibility/compatibility-level';
import { createSchemaProviders } from '../../compatibility/providers';
import type { ParsedSchema } from '../../compatibility/schema-provider';
import type { SchemaProviders } from '../../compatibility/schema-providers';
import { CliError, usageError } from '../cli-error';
import { COMMON_OPTIONS, REGISTRY_OPTIONS, commonValues, parseCommand } from '../cli-options';
import { helpOutcome, type Command } from '../command';
import { checkLocally, reportedFinding, type Baseline, type Candidate } from '../compatibility-findings';
import { loadProject, selectEntries, type CharterProject, type SchemaEntry } from '../config';
import type { FileResult, Finding } from '../findings';
import { RegistryClient, RegistryHttpError, registryTarget } from '../registry-client';
import { loadSchema, parseSchema, RegistryReferences, wireReferences, type LoadedSchema } from '../schema-loader';
import { earlierTexts, workingTree, type SchemaTexts } from '../schema-texts';
import { readVerboseMessages } from '../server-messages';

export const CHECK_USAGE = `Usage: charter check [files or subjects...] [options]

Checks every schema file mapped in charter.yaml (or those named) for compatibility with the
versions registered under its subject, and lists every incompatible difference with its
file:line:column.

  --registry, -r <url>   the registry (default: $CHARTER_URL, $SCHEMA_REGISTRY_URL, registry.url)
  --offline              check here, against earlier versions of the files instead of a registry
  --against <ref|dir>    with --offline: a git ref (origin/main, a tag, a commit) or a folder
                         holding the earlier files at the same paths; repeat for older versions,
                         newest first
  --config, -c <file>    charter.yaml to read (default: ./charter.yaml)
  --format, -f <format>  text (default), json, junit or github (workflow annotations)
  --output, -o <file>    write the report to a file instead of standard output

Exit codes: 0 compatible, 1 incompatible (or a file does not parse), 2 usage, configuration or
connection errors. Credentials: CHARTER_TOKEN (bearer) or CHARTER_USERNAME and CHARTER_PASSWORD.`;

/** `charter check`: against the registry, or `--offline --against <ref|dir>` with the same engine here. */
export const check: Command = async (args, context) => {
  const { values, positionals } = parseCommand(
    args,
    { ...COMMON_OPTIONS, ...REGISTRY_OPTIONS, offline: { type: 'boolean' }, against: { type: 'string', multiple: true } },
    CHECK_USAGE,
  );
  const common = commonValues(values);
  if (common.help) return helpOutcome(CHECK_USAGE);
  const against = values.against ?? [];
  if (against.length && !values.offline) throw usageError('--against goes with --offline (online checks compare with the registry)');
  if (values.offline && !against.length) throw usageError('--offline needs --against <git ref or folder> to compare with');
  if (values.offline && values.registry) throw usageError('--offline checks use no registry: leave out --registry');

  const project = loadProject(common.config, context.cwd);
  const entries = selectEntries(project, positionals, context.cwd);
  const providers = createSchemaProviders();
  const results: FileResult[] = [];
  if (values.offline) {
    const earlier = against.map((a) => earlierTexts(project, a, context.cwd));
    for (const entry of entries) results.push(await checkOffline(providers, project, entry, earlier));
  } else {
    const client = new RegistryClient(registryTarget(context.env, values.registry, project.registryUrl));
    const online = new OnlineCheck(providers, project, client);
    for (const entry of entries) results.push(await online.check(entry));
  }
  return { kind: 'report', report: { command: 'check', results }, format: common.format, output: common.output };
};

function resultOf(entry: SchemaEntry, status: string, findings: readonly Finding[], detail?: string): FileResult {
  return { file: entry.displayPath, subject: entry.subject, schemaType: entry.schemaType, status, detail, findings };
}

function candidateOf(entry: SchemaEntry, loaded: LoadedSchema): Candidate {
  return { schemaType: entry.schemaType, text: loaded.text, file: entry.displayPath, sources: loaded.sources };
}

/**
 * Offline: the earlier versions are the same files at each `--against` (newest first); the level
 * is the file's, else charter.yaml's `compatibility`, else BACKWARD (the registry default), and
 * the policy likewise from `compatibilityPolicy`, else STRICT.
 */
async function checkOffline(providers: SchemaProviders, project: CharterProject, entry: SchemaEntry, earlier: readonly SchemaTexts[]): Promise<FileResult> {
  const current = workingTree();
  const loaded = (await loadSchema(project, entry, current, { versionOf: () => 1 }))!;
  const parsed = parseSchema(providers, entry.schemaType, loaded.text, loaded.references, 'new', entry.displayPath);
  if ('error' in parsed) return resultOf(entry, 'invalid', [parsed.error]);

  const baselines: Baseline[] = [];
  for (const [n, source] of earlier.entries()) {
    // A referenced file that changed since is another version of its subject, as in the registry.
    const old = await loadSchema(project, entry, source, { versionOf: (target, text) => (text === current.read(target) ? 1 : n + 2) });
    if (!old) continue;
    baselines.push({
      label: source.label,
      schemaType: entry.schemaType,
      text: old.text,
      parsed: () => {
        const outcome = parseSchema(providers, entry.schemaType, old.text, old.references, 'stored');
        if ('error' in outcome) throw new CliError(`${entry.displayPath} as of ${source.label} does not parse: ${outcome.error.message}`, 'io');
        return outcome.parsed;
      },
    });
  }
  if (!baselines.length) return resultOf(entry, 'new', [], `(not in ${earlier.map((e) => e.label).join(', ')})`);
  const level = entry.level ?? project.defaultLevel ?? 'BACKWARD';
  const compared = entry.against === 'latest' ? baselines.slice(0, 1) : baselines;
  const policy = entry.policy ?? project.defaultPolicy ?? 'STRICT';
  const verdict = checkLocally(providers, candidateOf(entry, loaded), parsed.parsed, compared, level, policy);
  const against = verdict.failedAgainst ?? compared.map((b) => b.label).join(', ');
  return resultOf(entry, verdict.compatible ? 'compatible' : 'incompatible', verdict.findings, `with ${against} at ${level}${policy === 'STRICT' ? '' : ` (${policy})`}`);
}

/**
 * Online: the registry's own check (POST /compatibility/...?verbose=true), unless the file sets
 * its level or policy, or references a mapped file not registered yet. Then the versions are read from the
 * registry and checked here, so neither the registry's config nor its contents change.
 */
class OnlineCheck {
  private readonly registry: RegistryReferences;
  private readonly registered = new Map<string, Promise<number | undefined>>();

  constructor(
    private readonly providers: SchemaProviders,
    private readonly project: CharterProject,
    private readonly client: RegistryClient,
  ) {
    this.registry = new RegistryReferences(client);
  }

  async check(entry: SchemaEntry): Promise<FileResult> {
    const loaded = (await loadSchema(this.project, entry, workingTree(), {
      registry: this.registry,
      // Not registered yet: a version no registered one has, as registering it would make.
      versionOf: async (target) => (await this.registeredVersion(target)) ?? 0,
    }))!;
    const parsed = parseSchema(this.providers, entry.schemaType, loaded.text, loaded.references, 'new', entry.displayPath);
    if ('error' in parsed) return resultOf(entry, 'invalid', [parsed.error]);
    const versions = await this.client.versions(entry.subject);
    if (!versions.length) return resultOf(entry, 'new', [], `(${entry.subject} has no versions yet)`);

    const references = await this.wireReferences(entry);
    if (entry.level !== undefined || entry.policy !== undefined || references === undefined) return this.checkHere(entry, loaded, parsed.parsed, versions);
    const candidate = candidateOf(entry, loaded);
    let answer;
    try {
      answer = await this.client.checkCompatibility(
        entry.subject,
        { schema: loaded.text, schemaType: entry.schemaType, references },
        { latestOnly: entry.against === 'latest' },
      );
    } catch (e) {
      if (e instanceof RegistryHttpError && e.status === 404) return resultOf(entry, 'new', [], `(${entry.subject} has no versions)`);
      if (e instanceof RegistryHttpError && e.status === 422) {
        return resultOf(entry, 'invalid', [{ type: 'INVALID_SCHEMA', severity: 'error', message: e.detail, file: entry.displayPath }]);
      }
      throw e;
    }
    if (answer.is_compatible) return resultOf(entry, 'compatible', [], `with ${entry.subject} (registry level)`);
    const read = readVerboseMessages(entry.schemaType, answer.messages ?? []);
    const findings: Finding[] = read.differences.map((d) => reportedFinding(candidate, d));
    for (const message of read.other) {
      findings.push({ type: /invalid|parse/i.test(message) ? 'INVALID_SCHEMA' : 'INCOMPATIBLE', severity: 'error', message, file: entry.displayPath });
    }
    if (!findings.length) {
      findings.push({ type: 'INCOMPATIBLE', severity: 'error', message: 'the registry found the schema incompatible and gave no details', file: entry.displayPath });
    }
    const version = read.differences.find((d) => d.version !== undefined)?.version;
    const detail = `${version !== undefined ? `with version ${version} ` : ''}at ${read.level ?? 'the registry level'}`;
    return resultOf(entry, 'incompatible', findings, detail);
  }

  /** The registry's versions checked here, at the file's level (or the subject's). */
  private async checkHere(entry: SchemaEntry, loaded: LoadedSchema, parsed: ParsedSchema, versions: readonly number[]): Promise<FileResult> {
    const config = await this.client.effectiveConfig(entry.subject);
    const level: CompatibilityLevel = entry.level ?? parseCompatibilityLevel(config.compatibilityLevel) ?? 'BACKWARD';
    const policy = entry.policy ?? parseCompatibilityPolicy(config.compatibilityPolicy) ?? 'STRICT';
    const newestFirst = [...versions].sort((a, b) => b - a);
    const compared = entry.against === 'latest' || !level.endsWith('_TRANSITIVE') ? newestFirst.slice(0, 1) : newestFirst;
    const baselines: Baseline[] = [];
    for (const v of compared) {
      const stored = await this.registry.version(entry.subject, v);
      const references = await this.registry.resolveAll(stored.references);
      baselines.push({
        label: v,
        schemaType: stored.schemaType,
        text: stored.schema,
        parsed: () => {
          const outcome = parseSchema(this.providers, stored.schemaType, stored.schema, references, 'stored');
          if ('error' in outcome) throw new CliError(`${entry.subject} version ${v} does not parse: ${outcome.error.message}`, 'registry');
          return outcome.parsed;
        },
      });
    }
    const verdict = checkLocally(this.providers, candidateOf(entry, loaded), parsed, baselines, level, policy);
    const against = verdict.failedAgainst ?? compared.join(', ');
    return resultOf(entry, verdict.compatible ? 'compatible' : 'incompatible', verdict.findings, `with version ${against} at ${level}`);
  }

  /** The version under the target's subject that holds the target file as it is now, if any. */
  private registeredVersion(target: SchemaEntry): Promise<number | undefined> {
    let hit = this.registered.get(target.file);
    if (!hit) {
      hit = (async () => {
        const references = await this.wireReferences(target);
        if (references === undefined) return undefined;
        const text = workingTree().read(target)!;
        const found = await this.client.lookup(target.subject, { schema: text, schemaType: target.schemaType, references });
        return found?.version;
      })();
      this.registered.set(target.file, hit);
    }
    return hit;
  }

  /** References for the REST API; undefined when a referenced mapped file is not registered as it is. */
  private async wireReferences(entry: SchemaEntry) {
    const unregistered = Symbol('unregistered');
    try {
      return await wireReferences(
        entry,
        async (target) => {
          const v = await this.registeredVersion(target);
          if (v === undefined) throw unregistered;
          return v;
        },
        this.project,
        this.registry,
      );
    } catch (e) {
      if (e === unregistered) return undefined;
      throw e;
    }
  }
}
