import { parseWellFormedXml } from '../../../test/cli/support/well-formed-xml';
import type { Report } from '../findings';
import { annotation, escapeData, escapeProperty, renderGithub } from './github';
import { renderJson } from './json';
import { renderJunit, xml } from './junit';
import { renderText } from './text';

const nasty = `quotes " ' and <tags> & ampersands ]]> \u0001 bell\u0007 line\nbreak\r\ttab 😀 lone \ud800 end`;

const report: Report = {
  command: 'check',
  results: [
    {
      file: 'schemas/order.avsc',
      subject: 'orders-value',
      schemaType: 'AVRO',
      status: 'incompatible',
      detail: 'with version 3 at BACKWARD',
      findings: [
        {
          type: 'TYPE_MISMATCH',
          severity: 'error',
          message: "The type (path '/fields/1/type') of a field in the new schema does not match with the old schema",
          file: 'schemas/order.avsc',
          line: 7,
          column: 24,
          path: '/fields/1/type',
          version: 3,
          additionalInfo: 'reader type: STRING not compatible with writer type: INT',
        },
        { type: 'WEIRD', severity: 'error', message: nasty, file: 'schemas/a,b:c.avsc' },
      ],
    },
    { file: 'schemas/user.proto', subject: 'users-value', schemaType: 'PROTOBUF', status: 'compatible', findings: [] },
    {
      file: 'catalog/sales.yaml',
      status: 'valid',
      findings: [{ type: 'POLICY_NAMING', severity: 'warning', message: 'The topic name is odd. Fix: rename it', file: 'catalog/sales.yaml', line: 4, column: 5 }],
    },
  ],
};

describe('reports', () => {
  describe('text', () => {
    it('lists each file with its verdict and each finding as file:line:column: TYPE: message', () => {
      const sut = renderText(report).split('\n');
      expect(sut[0]).toBe('schemas/order.avsc (orders-value, AVRO): incompatible with version 3 at BACKWARD');
      expect(sut[1]).toBe(
        "  schemas/order.avsc:7:24: TYPE_MISMATCH: The type (path '/fields/1/type') of a field in the new schema does not match with the old schema [reader type: STRING not compatible with writer type: INT] (against version 3)",
      );
      expect(sut).toContain('  catalog/sales.yaml:4:5: warning: POLICY_NAMING: The topic name is odd. Fix: rename it');
      expect(sut[sut.length - 2]).toBe('3 files: 1 incompatible, 1 compatible, 1 valid');
    });
  });

  describe('json', () => {
    it('is the report with the exit code it ends with', () => {
      const sut = JSON.parse(renderJson(report));
      expect(sut).toMatchObject({ command: 'check', ok: false, exitCode: 1, summary: '3 files: 1 incompatible, 1 compatible, 1 valid' });
      expect(sut.results[0].findings[0]).toMatchObject({ type: 'TYPE_MISMATCH', line: 7, column: 24, path: '/fields/1/type', version: 3 });
    });
  });

  describe('junit', () => {
    it('is well-formed XML whatever the messages hold, one test case per file', () => {
      const sut = parseWellFormedXml(renderJunit(report));
      expect(sut.name).toBe('testsuites');
      expect(sut.attributes).toMatchObject({ tests: '3', failures: '1' });
      const cases = sut.children[0].children;
      expect(cases.map((c) => [c.attributes.classname, c.attributes.name])).toEqual([
        ['orders-value', 'schemas/order.avsc'],
        ['users-value', 'schemas/user.proto'],
        ['charter check', 'catalog/sales.yaml'],
      ]);
      const failure = cases[0].children.find((c) => c.name === 'failure')!;
      expect(failure.attributes.type).toBe('TYPE_MISMATCH');
      expect(failure.attributes.message).toBe(
        "schemas/order.avsc:7:24: TYPE_MISMATCH: The type (path '/fields/1/type') of a field in the new schema does not match with the old schema",
      );
      expect(failure.text).toContain('quotes " \' and <tags> & ampersands ]]> \\u0001 bell\\u0007 line\nbreak\r\ttab 😀 lone \\ud800 end');
      expect(cases[1].children).toEqual([]);
      expect(cases[2].children.map((c) => c.name)).toEqual(['system-out']);
    });

    it('escapes what XML 1.0 cannot hold as text', () => {
      expect(xml('a&b<c>"d\'')).toBe('a&amp;b&lt;c&gt;&quot;d&apos;');
      expect(xml('\u0000\u001f\ufffe')).toBe('\\u0000\\u001f\\ufffe');
      expect(xml('\n\t\r')).toBe('&#10;&#9;&#13;');
      expect(xml('😀')).toBe('😀');
    });
  });

  describe('github', () => {
    it('writes one workflow command per finding, with file, line, column and the type as title', () => {
      const sut = renderGithub(report).split('\n');
      expect(sut[0]).toBe(
        "::error file=schemas/order.avsc,line=7,col=24,title=TYPE_MISMATCH (orders-value)::The type (path '/fields/1/type') of a field in the new schema does not match with the old schema [reader type: STRING not compatible with writer type: INT] (against version 3)",
      );
      expect(sut[2]).toBe('::warning file=catalog/sales.yaml,line=4,col=5,title=POLICY_NAMING::The topic name is odd. Fix: rename it');
    });

    it('escapes properties and data as the runner expects', () => {
      const sut = annotation({ type: 'T', severity: 'error', message: '100% sure\nreally', file: 'a,b:c.avsc' });
      expect(sut).toBe('::error file=a%2Cb%3Ac.avsc,title=T::100%25 sure%0Areally');
      expect(escapeData('a\r\nb%')).toBe('a%0D%0Ab%25');
      expect(escapeProperty('x:y,z')).toBe('x%3Ay%2Cz');
    });
  });
});
