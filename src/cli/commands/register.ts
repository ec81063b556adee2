import { createSchemaProviders } from '../../compatibility/providers';
import { COMMON_OPTIONS, REGISTRY_OPTIONS, commonValues, parseCommand } from '../cli-options';
import { helpOutcome, type Command } from '../command';
import { reportedFinding } from '../compatibility-findings';
import { loadProject, referencesFirst, selectEntries, withReferencedFiles } from '../config';
import type { FileResult, Finding } from '../findings';
import { RegistryClient, RegistryHttpError, registryTarget } from '../registry-client';
import { loadSchema, parseSchema, RegistryReferences, wireReferences } from '../schema-loader';
import { workingTree } from '../schema-texts';
import { readVerboseMessages } from '../server-messages';

export const REGISTER_USAGE = `Usage: charter register [files or subjects...] [options]

Registers every schema file mapped in charter.yaml (or those named, with the mapped files they
reference) under its subject, referenced files first, and prints each id and version. A schema
the subject already holds keeps its id and version.

  --registry, -r <url>   the registry (default: $CHARTER_URL, $SCHEMA_REGISTRY_URL, registry.url)
  --normalize            register the normalized form (?normalize=true)
  --config, -c <file>    charter.yaml to read (default: ./charter.yaml)
  --format, -f <format>  text (default), json, junit or github (workflow annotations)
  --output, -o <file>    write the report to a file instead of standard output

Exit codes: 0 all registered, 1 a schema was refused (incompatible, invalid), 2 usage,
configuration or connection errors. Credentials: CHARTER_TOKEN, or CHARTER_USERNAME and
CHARTER_PASSWORD.`;

/** `charter register`: each mapped file under its subject, references first. */
export const register: Command = async (args, context) => {
  const { values, positionals } = parseCommand(args, { ...COMMON_OPTIONS, ...REGISTRY_OPTIONS, normalize: { type: 'boolean' } }, REGISTER_USAGE);
  const common = commonValues(values);
  if (common.help) return helpOutcome(REGISTER_USAGE);
  const project = loadProject(common.config, context.cwd);
  const chosen = selectEntries(project, positionals, context.cwd);
  const entries = referencesFirst(withReferencedFiles(project, chosen));

  const client = new RegistryClient(registryTarget(context.env, values.registry, project.registryUrl));
  const registry = new RegistryReferences(client);
  const providers = createSchemaProviders();
  const versions = new Map<string, number>();
  const results: FileResult[] = [];
  for (const entry of entries) {
    const base = { file: entry.displayPath, subject: entry.subject, schemaType: entry.schemaType };
    const blockedBy = entry.references.find((r) => r.kind === 'file' && !versions.has(r.file));
    if (blockedBy) {
      const finding: Finding = {
        type: 'REFERENCE_NOT_REGISTERED',
        severity: 'error',
        message: `not registered: its reference ${blockedBy.name} (${blockedBy.kind === 'file' ? blockedBy.file : ''}) was not`,
        file: entry.displayPath,
      };
      results.push({ ...base, status: 'skipped', findings: [finding] });
      continue;
    }
    const loaded = (await loadSchema(project, entry, workingTree(), { registry, versionOf: (target) => versions.get(target.file)! }))!;
    // Parsed here first: a schema that does not parse gets its line and column.
    const parsed = parseSchema(providers, entry.schemaType, loaded.text, loaded.references, 'new', entry.displayPath);
    if ('error' in parsed) {
      results.push({ ...base, status: 'invalid', findings: [parsed.error] });
      continue;
    }
    const references = await wireReferences(entry, async (target) => versions.get(target.file)!, project, registry);
    const body = { schema: loaded.text, schemaType: entry.schemaType, references };
    try {
      const answer = await client.register(entry.subject, body, { normalize: values.normalize === true });
      // Older registries answer with the id alone: the version is looked up.
      const version = answer.version ?? (await client.lookup(entry.subject, body))?.version;
      if (version !== undefined) versions.set(entry.file, version);
      results.push({ ...base, status: 'registered', detail: `id ${answer.id}${version !== undefined ? `, version ${version}` : ''}`, findings: [] });
    } catch (e) {
      if (!(e instanceof RegistryHttpError) || (e.status !== 409 && e.status !== 422)) throw e;
      const candidate = { schemaType: entry.schemaType, text: loaded.text, file: entry.displayPath, sources: loaded.sources };
      let findings: Finding[] = [{ type: e.status === 409 ? 'INCOMPATIBLE' : 'INVALID_SCHEMA', severity: 'error', message: e.detail, file: entry.displayPath }];
      if (e.status === 409) {
        // The refusal names no paths in a form we can trust: ask for the verbose check to place each difference.
        const answer = await client.checkCompatibility(entry.subject, body, { latestOnly: false }).catch(() => undefined);
        const read = answer ? readVerboseMessages(entry.schemaType, answer.messages ?? []) : undefined;
        if (read?.differences.length) findings = read.differences.map((d) => reportedFinding(candidate, d));
      }
      results.push({ ...base, status: 'refused', detail: `(${e.status}${e.errorCode !== undefined ? ` ${e.errorCode}` : ''})`, findings });
    }
  }
  return { kind: 'report', report: { command: 'register', results }, format: common.format, output: common.output };
};
