import { failed, locationOf, type Report } from '../findings';
import { findingLine } from './text';

/**
 * JUnit XML, which CI systems show as test results: one test case per file, failing with every
 * error finding (the first in the `message`, all of them in the body).
 */
export function renderJunit(report: Report): string {
  const name = `charter ${report.command}`;
  const failures = report.results.filter(failed).length;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const counts = `tests="${report.results.length}" failures="${failures}" errors="0" skipped="0"`;
  out.push(`<testsuites name="${xml(name)}" ${counts}>`);
  out.push(`  <testsuite name="${xml(name)}" ${counts}>`);
  for (const r of report.results) {
    const attrs = `classname="${xml(r.subject ?? name)}" name="${xml(r.file)}" file="${xml(r.file)}"`;
    const errors = r.findings.filter((f) => f.severity === 'error');
    const others = r.findings.filter((f) => f.severity !== 'error');
    if (!errors.length && !others.length) {
      out.push(`    <testcase ${attrs}/>`);
      continue;
    }
    out.push(`    <testcase ${attrs}>`);
    if (errors.length) {
      const first = errors[0];
      const message = `${locationOf(first) ? `${locationOf(first)}: ` : ''}${first.type}: ${first.message}`;
      out.push(`      <failure type="${xml(first.type)}" message="${xml(message)}">${xml(errors.map(findingLine).join('\n'))}</failure>`);
    }
    if (others.length) out.push(`      <system-out>${xml(others.map(findingLine).join('\n'))}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

/**
 * Text for XML 1.0 attribute values and content: the five special characters escaped, line
 * breaks and tabs as character references (attribute values would fold them to spaces), and the
 * characters XML 1.0 cannot carry at all (other C0 controls, lone surrogates, U+FFFE/U+FFFF)
 * written as `\uXXXX` text.
 */
export function xml(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else if (c === 0x09 || c === 0x0a || c === 0x0d) out += `&#${c};`;
    else if (c < 0x20 || c === 0xfffe || c === 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + s[i + 1];
        i++;
      } else out += `\\u${c.toString(16)}`;
    } else if (c >= 0xdc00 && c <= 0xdfff) out += `\\u${c.toString(16)}`;
    else out += ch;
  }
  return out;
}
