import { locationOf, summaryOf, type Finding, type Report } from '../findings';

/** For people: one line per file, its findings indented under it as `file:line:column: TYPE: message`. */
export function renderText(report: Report): string {
  const lines: string[] = [];
  for (const r of report.results) {
    const about = [r.subject, r.schemaType].filter(Boolean).join(', ');
    lines.push(`${r.file}${about ? ` (${about})` : ''}: ${r.status}${r.detail ? ` ${r.detail}` : ''}`);
    for (const f of r.findings) lines.push(`  ${findingLine(f)}`);
  }
  lines.push(summaryOf(report));
  return `${lines.join('\n')}\n`;
}

/** `file:line:column: [severity: ]TYPE: message [additional info] (against version n)`. */
export function findingLine(f: Finding): string {
  const where = locationOf(f);
  // `charter diff` lists compatible differences too, and says which is which.
  const marker = f.compatible !== undefined ? (f.compatible ? 'compatible ' : 'incompatible ') : f.severity === 'error' ? '' : `${f.severity}: `;
  return `${where ? `${where}: ` : ''}${marker}${f.type}: ${findingMessage(f)}`;
}

/** The message with what else is known: the additional information and the version it was found against. */
export function findingMessage(f: Finding): string {
  const against = f.version !== undefined ? ` (against ${typeof f.version === 'number' ? `version ${f.version}` : f.version})` : '';
  const info = f.additionalInfo && !f.message.includes(f.additionalInfo) ? ` [${f.additionalInfo}]` : '';
  return `${f.message}${info}${against}`;
}
