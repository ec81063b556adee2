import { summaryOf, type Finding, type Report } from '../findings';
import { findingMessage } from './text';

/**
 * GitHub Actions workflow commands: `::error file=..,line=..,col=..,title=..::message` per
 * finding, which GitHub shows on the lines of the pull request. Paths must be relative to the
 * repository root, which is where workflows run.
 */
export function renderGithub(report: Report): string {
  const lines: string[] = [];
  for (const r of report.results) {
    for (const f of r.findings) lines.push(annotation(f, r.subject));
  }
  lines.push(summaryOf(report));
  return `${lines.join('\n')}\n`;
}

export function annotation(f: Finding, subject?: string): string {
  const command = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  const props: string[] = [];
  if (f.file) props.push(`file=${escapeProperty(f.file)}`);
  if (f.file && f.line !== undefined) props.push(`line=${f.line}`);
  if (f.file && f.column !== undefined) props.push(`col=${f.column}`);
  props.push(`title=${escapeProperty(subject ? `${f.type} (${subject})` : f.type)}`);
  // The title carries the type, the command the severity and the properties the place.
  return `::${command} ${props.join(',')}::${escapeData(findingMessage(f))}`;
}

/** The message of a workflow command: `%`, CR and LF encoded. */
export function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A property value: as data, plus `:` and `,` which separate properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** A problem that stopped the command, as an annotation so it shows on the run. */
export function githubFatal(message: string): string {
  return `::error title=charter::${escapeData(message)}\n`;
}
