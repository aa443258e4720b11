/**
 * The validation report for a terminal: one summary line, then the failing rules with counts and
 * examples (binding Mandatory failures first), then the skipped rules grouped by reason in a few lines,
 * then the model defects worked around. Composites that fail only because their children do are named
 * on one line, since their children already carry the detail.
 */
import { formatCount } from '../../format.ts';
import { isBinding } from './rollup.ts';
import type { RuleResult, ValidationReport } from './types.ts';

const exampleWidth = 240;

export function renderText(report: ValidationReport): string {
  const { summary } = report;
  const lines = [
    `FOCUS ${report.modelVersion} ${report.dataset}: ${formatCount(report.rows)} rows, ${report.results.length} rules: ` +
      `${summary.pass} passed, ${summary.fail} failed, ${summary.skip} skipped; ` +
      `${summary.mandatoryFailures} mandatory failure${summary.mandatoryFailures === 1 ? '' : 's'} (MUST / MUST NOT)`,
  ];
  const failed = report.results.filter((r) => r.status === 'fail');
  const composites = failed.filter(isComposite);
  const leaves = failed.filter((r) => !isComposite(r)).sort(bySeverity);
  if (leaves.length > 0) lines.push('', 'Failed rules:', ...leaves.flatMap(renderFailure));
  if (composites.length > 0) {
    lines.push('', `Failed because of the rules above: ${composites.map((r) => r.ruleId).join(', ')}`);
  }
  lines.push(...renderSkips(report.results));
  lines.push(...renderDefects(report));
  return `${lines.join('\n')}\n`;
}

function isComposite(r: RuleResult): boolean {
  return ['AND', 'OR', 'CheckModelRule'].includes(r.function) && r.failingRows === undefined;
}

function severity(r: RuleResult): number {
  if (isBinding(r.keyword)) return r.level === 'Mandatory' ? 0 : 1;
  return 2;
}

function bySeverity(a: RuleResult, b: RuleResult): number {
  return severity(a) - severity(b) || (a.ruleId < b.ruleId ? -1 : 1);
}

function renderFailure(r: RuleResult): string[] {
  const rows =
    r.failingRows === undefined ? '' : `  ${formatCount(r.failingRows)} row${r.failingRows === 1 ? '' : 's'}`;
  const lines = [`  ${r.ruleId}  ${r.keyword}  ${r.level}${rows}`, `      ${r.mustSatisfy}`];
  if (r.reason) lines.push(`      ${r.reason}`);
  if (r.defect) lines.push(`      note: ${r.defect}`);
  for (const example of r.examples ?? []) lines.push(`      e.g. ${clip(JSON.stringify(example))}`);
  return lines;
}

function clip(text: string): string {
  return text.length > exampleWidth ? `${text.slice(0, exampleWidth - 1)}…` : text;
}

/** Skip reasons that differ only by column are one group, with the columns listed. */
function skipGroup(reason: string): { key: string; detail?: string } {
  const absent = /^reads (.+), which (?:is|are) not in the dataset$/.exec(reason);
  if (absent?.[1]) return { key: 'reads columns that are not in the dataset', detail: absent[1] };
  if (reason.startsWith('known model defect')) return { key: 'known model defect (see below)' };
  if (reason.startsWith('all ') && reason.endsWith('were skipped'))
    return { key: 'composite: every rule it combines was skipped' };
  return { key: reason };
}

function renderSkips(results: RuleResult[]): string[] {
  const groups = new Map<string, { count: number; details: Set<string> }>();
  for (const r of results) {
    if (r.status !== 'skip') continue;
    const { key, detail } = skipGroup(r.reason ?? 'skipped');
    const group = groups.get(key) ?? { count: 0, details: new Set<string>() };
    group.count += 1;
    if (detail) for (const name of detail.split(', ')) group.details.add(name);
    groups.set(key, group);
  }
  if (groups.size === 0) return [];
  const sorted = [...groups.entries()].sort((a, b) => b[1].count - a[1].count);
  const width = String(sorted[0]?.[1].count ?? 0).length;
  return [
    '',
    'Skipped rules, by reason:',
    ...sorted.map(([key, g]) => {
      const details = g.details.size > 0 ? `: ${[...g.details].sort().join(', ')}` : '';
      return `  ${String(g.count).padStart(width)}  ${key}${details}`;
    }),
  ];
}

function renderDefects(report: ValidationReport): string[] {
  if (report.knownDefects.length === 0) return [];
  const of = (treatment: string) =>
    report.knownDefects
      .filter((d) => d.treatment === treatment)
      .map((d) => d.ruleId)
      .join(', ');
  return [
    '',
    `Known defects of the FOCUS ${report.modelVersion} model (src/focus/validate/known-defects.json; --format json gives each reason):`,
    `  evaluated as intended: ${of('corrected') || 'none'}`,
    `  not evaluated: ${of('skipped') || 'none'}`,
  ];
}
