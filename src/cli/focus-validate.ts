/**
 * `finops focus validate`: FOCUS 1.2 conformance of the warehouse's focus.costs, driven by the FinOps
 * Foundation's requirements model. Parses flags, opens the warehouse read-only, prints the report; the
 * rules and their evaluation live in src/focus/validate/.
 */
import type { Command } from 'commander';
import { FinopsError, usageError } from '../errors.ts';
import { cloudApplicability } from '../focus/applicability.ts';
import {
  applicabilityCriteria,
  renderJunit,
  renderText,
  type ValidateOptions,
  type ValidationReport,
  validateFocus,
} from '../focus/validate/index.ts';
import { relationExists } from '../warehouse/relations.ts';
import { qualified, quoteIdent } from '../warehouse/sql.ts';
import type { Params, Warehouse } from '../warehouse/warehouse.ts';
import type { Context } from './context.ts';
import { type Column, exitCodes, printTable, stdout, type Table } from './output.ts';
import { action } from './run.ts';

interface ValidateFlags {
  provider?: string;
  period?: string;
  format?: string;
  strict?: boolean;
  examples?: string;
  applicability?: string;
}

const formats = ['table', 'json', 'junit', 'csv', 'ndjson'] as const;

export function registerFocusValidate(focus: Command): void {
  focus
    .command('validate')
    .description(
      'check focus.costs against the FOCUS 1.2 conformance rules (FinOps Foundation requirements model)',
    )
    .option('--provider <name>', 'only rows whose ServiceProviderName is NAME (any letter case)')
    .option('--period <YYYY-MM>', 'only rows of this billing period (month of BillingPeriodStart)')
    .option(
      '--format <format>',
      'table (default), json (the full report), junit (JUnit XML for CI), csv or ndjson (one row per rule)',
    )
    .option(
      '--strict',
      'exit with code 3 when a Mandatory MUST / MUST NOT rule fails (no rows to check is code 3 always)',
    )
    .option('--examples <n>', 'example rows shown per failing rule', '3')
    .option(
      '--applicability <list>',
      "features the data's providers support: 'cloud' (default: what a load declares), 'all', or a comma-separated list",
      'cloud',
    )
    .addHelpText('after', helpText)
    .action(action<ValidateFlags>(runValidate));
}

function helpText(): string {
  const criteria = applicabilityCriteria()
    .map((c) => `  ${c.name.padEnd(48)} ${c.description}`)
    .join('\n');
  return `
Rules come from the FOCUS 1.2 requirements model. Dynamic rules (not machine-checkable), rules whose
applicability criteria were not declared and rules reading absent columns are reported as skipped;
known defects of the model are listed in the report.

Examples:
  finops focus validate
  finops focus validate --provider AWS --period 2024-03 --examples 5
  finops focus validate --applicability TAGGING_SUPPORTED,REGION_SUPPORTED,SUB_ACCOUNT_SUPPORTED
  finops focus validate --format junit > focus-conformance.xml
  finops focus validate --format csv > rules.csv                 # rule, status, failing rows, reason
  finops focus validate --strict --format json > report.json     # CI: exit code 3 on a MUST failure

Applicability criteria (--applicability); 'cloud', the default, is the list every load is validated with:
${cloudApplicability.join(', ')}
${criteria}`;
}

async function runValidate(ctx: Context, flags: ValidateFlags): Promise<number> {
  const format = parseFormat(flags.format);
  const options = validateOptions(flags);
  const w = await ctx.openWarehouse({ readOnly: true });
  try {
    if (!(await relationExists(w, 'focus', 'costs'))) {
      throw new FinopsError('the warehouse has no focus.costs yet', {
        kind: 'usage',
        hint: 'import FOCUS data first (a FOCUS export or a source normalized to FOCUS), or pass --database PATH',
      });
    }
    await refuseNoRows(w, options, flags);
    const report = await validateFocus(w, options);
    if (format === 'csv' || format === 'ndjson') printTable(ruleTable(report), format);
    else
      stdout.write(
        format === 'json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : format === 'junit'
            ? renderJunit(report)
            : renderText(report),
      );
    const failures = report.summary.mandatoryFailures;
    if (flags.strict && failures > 0) {
      process.stderr.write(
        `strict: ${failures} Mandatory MUST / MUST NOT rule${failures === 1 ? '' : 's'} failed\n`,
      );
      return exitCodes.input;
    }
    return 0;
  } finally {
    w.close();
  }
}

/** One row per rule, for a spreadsheet or a script (the examples are in --format json). */
function ruleTable(report: ValidationReport): Table {
  const columns: Column[] = [
    { name: 'rule_id', kind: 'id' },
    { name: 'reference', kind: 'id' },
    { name: 'level' },
    { name: 'keyword' },
    { name: 'status' },
    { name: 'failing_rows', kind: 'count' },
    { name: 'checked_rows', kind: 'count' },
    { name: 'reason' },
    { name: 'defect' },
  ];
  const rows = report.results.map((r) => [
    r.ruleId,
    r.reference,
    r.level,
    r.keyword,
    r.status,
    r.failingRows ?? null,
    report.rows,
    r.reason ?? null,
    r.defect ?? null,
  ]);
  return { columns, rows };
}

/**
 * Every rule holds vacuously over no rows, so a report over none would read as a pass: a filter that
 * matches nothing (a misspelt provider, a period not loaded) is an error, with what there is instead.
 */
async function refuseNoRows(w: Warehouse, options: ValidateOptions, flags: ValidateFlags): Promise<void> {
  const where = options.where;
  const counted = await w.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${options.relation} WHERE ${where?.sql ?? 'true'}`,
    where?.params ?? {},
  );
  if ((counted?.n ?? 0) > 0) return;
  if (!where) {
    throw new FinopsError('focus.costs has no rows: there is nothing to validate', {
      kind: 'input',
      hint: 'import data first (finops demo, finops aws import-cur, finops focus import ...)',
    });
  }
  const present = await w.one<{ providers: string; periods: string }>(
    `SELECT string_agg(DISTINCT ServiceProviderName, ', ' ORDER BY ServiceProviderName) AS providers,
            string_agg(DISTINCT strftime(BillingPeriodStart, '%Y-%m'), ', '
                       ORDER BY strftime(BillingPeriodStart, '%Y-%m')) AS periods
     FROM ${options.relation}`,
  );
  const asked = [
    flags.provider === undefined ? '' : `--provider ${flags.provider}`,
    flags.period === undefined ? '' : `--period ${flags.period}`,
  ].filter(Boolean);
  throw new FinopsError(`no rows match ${asked.join(' ')}: there is nothing to validate`, {
    kind: 'input',
    hint: `focus.costs holds providers ${present?.providers ?? 'none'}; periods ${present?.periods ?? 'none'}`,
  });
}

function parseFormat(asked: string | undefined): (typeof formats)[number] {
  const format = asked ?? 'table';
  if (!(formats as readonly string[]).includes(format)) {
    throw usageError(`unknown format ${JSON.stringify(format)}`, `use one of ${formats.join(', ')}`);
  }
  return format as (typeof formats)[number];
}

function validateOptions(flags: ValidateFlags): ValidateOptions {
  const examples = Number(flags.examples ?? '3');
  if (!Number.isInteger(examples) || examples < 0) {
    throw usageError(`--examples must be a whole number, not ${JSON.stringify(flags.examples)}`);
  }
  if (flags.period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(flags.period)) {
    throw usageError(`--period must be YYYY-MM, not ${JSON.stringify(flags.period)}`);
  }
  const asked = (flags.applicability ?? 'cloud').trim();
  const applicability =
    asked.toLowerCase() === 'all'
      ? 'all'
      : asked.toLowerCase() === 'cloud'
        ? cloudApplicability
        : asked
            .split(',')
            .map((name) => name.trim().toUpperCase())
            .filter(Boolean);
  return { relation: qualified('focus', 'costs'), where: rowFilter(flags), applicability, examples };
}

function rowFilter(flags: ValidateFlags): ValidateOptions['where'] {
  const clauses: string[] = [];
  const params: Params = {};
  if (flags.provider !== undefined) {
    // Names are matched as a person types them: --provider aws is AWS.
    clauses.push(`lower(${quoteIdent('ServiceProviderName')}) = lower($provider)`);
    params.provider = flags.provider;
  }
  if (flags.period !== undefined) {
    clauses.push(`strftime(${quoteIdent('BillingPeriodStart')}, '%Y-%m') = $period`);
    params.period = flags.period;
  }
  return clauses.length === 0 ? undefined : { sql: clauses.join(' AND '), params };
}
