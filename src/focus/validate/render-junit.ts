/**
 * The validation report as JUnit XML, which CI systems display without plugins: <testsuites> holds one
 * <testsuite> per Reference (a column, or the dataset), each rule is a <testcase> named
 * "<RuleId> :: <check function>", with <failure> (message: the spec sentence; body: counts, reason,
 * examples) or <skipped> (message: why).
 */
import type { RuleResult, ValidationReport } from './types.ts';

export function renderJunit(report: ValidationReport): string {
  const suites = new Map<string, RuleResult[]>();
  for (const r of report.results) suites.set(r.reference, [...(suites.get(r.reference) ?? []), r]);
  const name = `FOCUS ${report.modelVersion} ${report.dataset}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" ${counts(report.results)}>`,
    ...[...suites.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .flatMap(([reference, results]) => renderSuite(reference, results)),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function counts(results: RuleResult[]): string {
  const failures = results.filter((r) => r.status === 'fail').length;
  const skipped = results.filter((r) => r.status === 'skip').length;
  return `tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
}

function renderSuite(reference: string, results: RuleResult[]): string[] {
  return [
    `  <testsuite name="${attr(reference)}" ${counts(results)}>`,
    ...results.flatMap(renderCase),
    '  </testsuite>',
  ];
}

function renderCase(r: RuleResult): string[] {
  const open = `    <testcase classname="focus.${attr(r.reference)}" name="${attr(`${r.ruleId} :: ${r.function}`)}"`;
  if (r.status === 'pass') return [`${open}/>`];
  if (r.status === 'skip')
    return [`${open}>`, `      <skipped message="${attr(r.reason ?? 'skipped')}"/>`, '    </testcase>'];
  const body = [
    `${r.keyword} (${r.level})`,
    r.failingRows === undefined ? undefined : `failing rows: ${r.failingRows}`,
    r.reason,
    r.defect,
    ...(r.examples ?? []).map((e) => `example: ${JSON.stringify(e)}`),
  ].filter((line): line is string => Boolean(line));
  return [
    `${open}>`,
    `      <failure message="${attr(r.mustSatisfy)}" type="${attr(r.keyword)}">${text(body.join('\n'))}</failure>`,
    '    </testcase>',
  ];
}

/** Characters XML 1.0 cannot carry at all (control characters other than tab, newline, return). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are exactly what XML forbids.
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string): string {
  return value
    .replace(forbidden, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
