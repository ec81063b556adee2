import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, EXIT, usageError } from '../cli-error';
import { COMMON_OPTIONS, REGISTRY_OPTIONS, commonValues, parseCommand } from '../cli-options';
import { helpOutcome, type Command } from '../command';
import { catalogResults, entryPosition, loadCatalog, problemFinding, schemaFieldLocator, violationFinding } from '../catalog-validation';
import { workingTree } from '../schema-texts';
import { DEFAULT_CONFIG_FILE, loadProject } from '../config';
import type { Finding } from '../findings';
import { RegistryClient, RegistryHttpError, registryTarget, type CatalogImportReport, type CatalogViolation } from '../registry-client';

export const CATALOG_USAGE = `Usage: charter catalog export [options]
       charter catalog import [<file or folder>] [--mode validate|plan|apply] [options]

export  writes the catalogue as YAML (GET /catalog/export): one document per domain and one for
        the global part, to standard output, --output <file>, or --dir <folder> (one file each)
        --domain <name>   only that domain
import  sends YAML documents (a file, or every .yaml file under a folder; default: charter.yaml's
        catalog) to POST /catalog/import and reports every problem, policy violation and, with
        plan, every operation, at the line it comes from
        --mode validate|plan|apply   (default plan) apply changes the catalogue

  --registry, -r <url>   Charter's URL (default: $CHARTER_URL, $SCHEMA_REGISTRY_URL, registry.url)
  --config, -c <file>    charter.yaml to read (default: ./charter.yaml, optional)
  --format, -f <format>  for import: text (default), json, junit or github
  --output, -o <file>    write to a file instead of standard output

Exit codes: 0 done, 1 the documents are invalid or break a blocking policy, 2 usage,
configuration or connection errors.`;

/** `charter catalog export|import`: the catalogue as YAML, through Charter's catalogue endpoints. */
export const catalog: Command = async (args, context) => {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h') return helpOutcome(CATALOG_USAGE);
  if (action !== 'export' && action !== 'import') throw usageError(`charter catalog ${action}: expected export or import\n\n${CATALOG_USAGE}`);
  const { values, positionals } = parseCommand(
    rest,
    { ...COMMON_OPTIONS, ...REGISTRY_OPTIONS, mode: { type: 'string' }, domain: { type: 'string' }, dir: { type: 'string' } },
    CATALOG_USAGE,
  );
  const common = commonValues(values);
  if (common.help) return helpOutcome(CATALOG_USAGE);
  const configGiven = typeof values.config === 'string';
  const project = configGiven || fs.existsSync(path.resolve(context.cwd, DEFAULT_CONFIG_FILE)) ? loadProject(common.config, context.cwd) : undefined;
  const client = new RegistryClient(registryTarget(context.env, values.registry, project?.registryUrl));

  if (action === 'export') {
    if (positionals.length) throw usageError(`charter catalog export takes no arguments\n\n${CATALOG_USAGE}`);
    if (values.dir !== undefined) {
      const answer = (await client.exportCatalog({ domain: values.domain, files: true })) as { files: Record<string, string> };
      const dir = path.resolve(context.cwd, values.dir);
      fs.mkdirSync(dir, { recursive: true });
      for (const [name, text] of Object.entries(answer.files)) {
        if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new CliError(`refusing to write the exported file name ${name}`, 'registry');
        fs.writeFileSync(path.join(dir, name), text);
      }
      const names = Object.keys(answer.files);
      return { kind: 'text', text: `wrote ${names.length} file${names.length === 1 ? '' : 's'} to ${values.dir}: ${names.join(', ')}\n`, exitCode: EXIT.OK };
    }
    const yaml = (await client.exportCatalog({ domain: values.domain, files: false })) as string;
    return { kind: 'text', text: yaml, output: common.output, exitCode: EXIT.OK };
  }

  const mode = values.mode ?? 'plan';
  if (mode !== 'validate' && mode !== 'plan' && mode !== 'apply') throw usageError('--mode must be validate, plan or apply');
  if (positionals.length > 1) throw usageError(`charter catalog import takes one file or folder\n\n${CATALOG_USAGE}`);
  const source = positionals[0] !== undefined ? path.resolve(context.cwd, positionals[0]) : project?.catalog;
  if (!source) throw usageError('name the YAML file or folder to import, or set catalog: in charter.yaml');
  const loaded = loadCatalog(source, context.cwd);
  const files = Object.fromEntries([...loaded.texts].map(([name, t]) => [name, t.text]));
  let answer: CatalogImportReport;
  try {
    answer = await client.importCatalog(files, mode);
  } catch (e) {
    // An apply refused as a whole still says why: blocking violations (42280) or invalid documents (42283).
    const body = e instanceof RegistryHttpError ? (e.body as { violations?: CatalogViolation[]; errors?: { file: string; path: string; message: string }[] }) : undefined;
    if (!(e instanceof RegistryHttpError) || e.status !== 422 || (!body?.violations && !body?.errors)) throw e;
    answer = { mode, valid: !body.errors, blocked: !!body.violations, applied: false, revision: 0, errors: body.errors ?? [], operations: [], violations: body.violations ?? [] };
  }
  const findings = new Map([...loaded.findings].map(([file, list]) => [file, [...list]]));
  const add = (f: Finding) => findings.get(f.file!)?.push(f) ?? findings.set(f.file!, [f]);
  for (const p of answer.errors) add(problemFinding(loaded, p));
  // Fields of mapped schema files are placed in those files.
  const fields = schemaFieldLocator(
    (project?.entries ?? []).map((e) => ({ subject: e.subject, schemaType: e.schemaType, file: e.displayPath, text: workingTree().read(e)!, sources: [] })),
  );
  for (const v of answer.violations) {
    const { owner, finding } = violationFinding(loaded, v, fields);
    (findings.get(owner) ?? findings.set(owner, []).get(owner)!).push(finding);
  }
  for (const op of answer.operations) {
    const changed = op.changed?.length ? ` (${op.changed.join(', ')})` : '';
    const at = entryPosition(loaded, op.type, op.key);
    add({ type: op.action.toUpperCase(), severity: 'notice', message: `${op.action} ${op.type} ${op.key}${changed}`, ...at });
  }
  const verb = mode === 'apply' ? (answer.applied ? 'applied' : 'nothing to apply') : mode === 'plan' ? `${answer.operations.length} operation(s) planned` : 'validated';
  return {
    kind: 'report',
    report: { command: `catalog import (${mode})`, results: catalogResults(findings, `(catalogue: ${verb})`) },
    format: common.format,
    output: common.output,
  };
};
