import { createSchemaProviders } from '../../compatibility/providers';
import { COMMON_OPTIONS, REGISTRY_OPTIONS, commonValues, parseCommand } from '../cli-options';
import { helpOutcome, type Command } from '../command';
import { validateCatalog, type LocalSubject } from '../catalog-validation';
import { loadProject, selectEntries, withReferencedFiles } from '../config';
import type { FileResult } from '../findings';
import { RegistryClient, registryTarget } from '../registry-client';
import { loadSchema, parseSchema, RegistryReferences } from '../schema-loader';
import { workingTree } from '../schema-texts';

export const VALIDATE_USAGE = `Usage: charter validate [files or subjects...] [options]

Checks, with no registry, that every schema file mapped in charter.yaml (or those named) parses
as a new schema would (strictly), with its references; and that the catalogue charter.yaml names
(catalog: a file or folder of YAML documents, as charter catalog export writes them) is
well-formed, consistent and passes its own policies (naming, retention, required fields such as
ownership, PII tagging and classification, compatibility levels).

  --config, -c <file>    charter.yaml to read (default: ./charter.yaml)
  --format, -f <format>  text (default), json, junit or github (workflow annotations)
  --output, -o <file>    write the report to a file instead of standard output
  --registry, -r <url>   only for references to subjects that are not mapped files

Exit codes: 0 valid, 1 a file does not parse or a blocking policy is broken (warnings do not
fail), 2 usage or configuration errors.`;

/** `charter validate`: schema files parse, the catalogue passes its policies. Offline. */
export const validate: Command = async (args, context) => {
  const { values, positionals } = parseCommand(args, { ...COMMON_OPTIONS, ...REGISTRY_OPTIONS }, VALIDATE_USAGE);
  const common = commonValues(values);
  if (common.help) return helpOutcome(VALIDATE_USAGE);
  const project = loadProject(common.config, context.cwd);
  const entries = selectEntries(project, positionals, context.cwd);
  const providers = createSchemaProviders();
  // References to registry subjects are the one thing that needs a registry.
  const needsRegistry = withReferencedFiles(project, entries).some((e) => e.references.some((r) => r.kind === 'subject'));
  const registry = needsRegistry
    ? new RegistryReferences(new RegistryClient(registryTarget(context.env, values.registry, project.registryUrl)))
    : undefined;

  const results: FileResult[] = [];
  const subjects: LocalSubject[] = [];
  for (const entry of entries) {
    const loaded = (await loadSchema(project, entry, workingTree(), { registry, versionOf: () => 1 }))!;
    const outcome = parseSchema(providers, entry.schemaType, loaded.text, loaded.references, 'new', entry.displayPath);
    const base = { file: entry.displayPath, subject: entry.subject, schemaType: entry.schemaType };
    if ('error' in outcome) {
      results.push({ ...base, status: 'invalid', findings: [outcome.error] });
      continue;
    }
    results.push({ ...base, status: 'valid', findings: [] });
    subjects.push({
      subject: entry.subject,
      schemaType: entry.schemaType,
      parsed: outcome.parsed,
      level: entry.level ?? project.defaultLevel ?? 'BACKWARD',
      file: entry.displayPath,
      text: loaded.text,
      sources: loaded.sources,
    });
  }
  if (project.catalog && !positionals.length) results.push(...validateCatalog(project.catalog, subjects, providers, context.cwd));
  return { kind: 'report', report: { command: 'validate', results }, format: common.format, output: common.output };
};
