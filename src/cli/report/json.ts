import { exitCodeOf, summaryOf, type Report } from '../findings';

/** For programs: the report as it is, with the exit code and summary the command ends with. */
export function renderJson(report: Report): string {
  const ok = exitCodeOf(report) === 0;
  return `${JSON.stringify({ command: report.command, ok, exitCode: exitCodeOf(report), summary: summaryOf(report), results: report.results }, null, 2)}\n`;
}
