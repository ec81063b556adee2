import { usageError } from '../cli-error';
import type { Report } from '../findings';
import { renderGithub } from './github';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderText } from './text';

export const OUTPUT_FORMATS = ['text', 'json', 'junit', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function parseOutputFormat(value: string | undefined): OutputFormat {
  const v = (value ?? 'text').toLowerCase();
  if (!(OUTPUT_FORMATS as readonly string[]).includes(v)) throw usageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}`);
  return v as OutputFormat;
}

export function render(report: Report, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'junit':
      return renderJunit(report);
    case 'github':
      return renderGithub(report);
    default:
      return renderText(report);
  }
}
