/**
 * `finops anomalies`: finds spikes, level shifts, new and stopped spend in the daily spend of focus.costs, stores them in
 * finops_meta.anomalies and, with --notify, alerts each incident once through the configured sinks.
 * `finops anomalies backtest`: the detectors' precision and recall on generated series.
 */
import type { Command } from 'commander';
import { anomalyDetectors } from '../config/schema.ts';
import { runBacktest } from '../detect/backtest/run.ts';
import { detectAnomalies } from '../detect/detect.ts';
import { notifyAnomalies } from '../detect/notify.ts';
import { changePercent, statusWord } from '../detect/present.ts';
import { type DetectSettings, withDefaults } from '../detect/settings.ts';
import { listFindings, type StoredFinding, storeFindings } from '../detect/store.ts';
import { FinopsError } from '../errors.ts';
import { createSinks, sinksFor } from '../notify/sinks.ts';
import type { Json } from '../warehouse/warehouse.ts';
import type { Context } from './context.ts';
import { type Column, defaultFormat, type Format, printTable, stdout } from './output.ts';
import { action } from './run.ts';
import { renamedOption } from './spellings.ts';

interface DetectFlags {
  start?: string;
  metric?: string;
  tag?: string;
  detectors?: string;
  notify?: boolean;
  wait?: string;
  format?: string;
}

interface BacktestFlags {
  series: string;
  days: string;
  seed: string;
  detectors?: string;
  format?: string;
}

export function registerAnomalyCommands(command: Command): void {
  const anomalies = command
    .option(
      '--start <YYYY-MM-DD>',
      'findings from this UTC day, or the first day of YYYY-MM (default: 30 days before the last day)',
    )
    .option('--metric <name>', 'EffectiveCost or BilledCost (default: anomalies.metric, EffectiveCost)')
    .option('--tag <key>', 'split the series by this tag key as well (Tags->>key)')
    .option('--detectors <list>', `comma-separated, of ${anomalyDetectors.join(', ')}`)
    .option('--notify', 'send new incidents to the sinks of config.toml ([[notify.sinks]])')
    .option('--wait <seconds>', 'wait this long for another process that holds the warehouse')
    .option('--format <format>', 'table, csv, json or ndjson')
    .addHelpText(
      'after',
      `
Examples:
  finops anomalies
  finops anomalies --start 2024-03-01 --notify
  finops anomalies --metric BilledCost --tag team --format json
  finops anomalies backtest`,
    )
    .action(action<DetectFlags>(detectCommand));
  renamedOption(anomalies, '--since <date>', '--start');
  anomalies
    .command('backtest')
    .description('precision and recall per kind and noise level on generated series with known events')
    .option('--series <n>', 'series to generate', '300')
    .option('--days <n>', 'days scored per series, after the warm-up the detectors need', '90')
    .option('--seed <n>', 'random seed', '42')
    .option(
      '--detectors <list>',
      `comma-separated, of ${anomalyDetectors.join(', ')} (default: anomalies.detectors)`,
    )
    .option('--format <format>', 'table, csv, json or ndjson')
    .addHelpText(
      'after',
      `
Examples:
  finops anomalies backtest
  finops anomalies backtest --series 1000 --days 120 --seed 7 --detectors zscore --format json`,
    )
    .action(
      // Commander hands `backtest --format x` to `anomalies` (its --format is seen first, since the
      // program does not use positional options), so the format is read from there too.
      action<BacktestFlags>((ctx, flags) =>
        backtestCommand(ctx, {
          ...flags,
          format: flags.format ?? anomalies.opts<{ format?: string }>().format,
          detectors: flags.detectors ?? anomalies.opts<{ detectors?: string }>().detectors,
        }),
      ),
    );
}

async function detectCommand(ctx: Context, flags: DetectFlags): Promise<number> {
  const format = defaultFormat(stdout, flags.format);
  const settings = settingsFrom(ctx, flags);
  const sinks = flags.notify
    ? sinksFor(createSinks(ctx.config.notify, { logger: ctx.logger }), 'anomalies')
    : [];
  if (flags.notify && sinks.length === 0) {
    throw new FinopsError('--notify: no sink takes anomaly alerts', {
      kind: 'usage',
      hint: 'add a [[notify.sinks]] section to config.toml (see config.toml.example)',
    });
  }
  const w = await ctx.openWarehouse({ waitSeconds: flags.wait ? Number(flags.wait) : undefined });
  try {
    const run = await detectAnomalies(w, settings, { since: firstDay(flags.start) });
    await storeFindings(w, settings, run.since);
    ctx.logger.info(
      `${run.series} series, ${run.findings} finding(s) from ${run.since} to ${run.lastDay ?? '(no data)'}`,
    );
    let failed = 0;
    if (flags.notify) {
      const outcomes = await notifyAnomalies(w, settings, sinks, run.since, ctx.logger);
      for (const o of outcomes.filter((x) => x.status !== 'grouped')) {
        ctx.logger.info(`${o.status === 'sent' ? 'alerted' : 'alert failed'}: ${o.title}`);
      }
      failed = outcomes.filter((o) => o.status === 'failed').length;
      const sent = outcomes.filter((o) => o.status === 'sent').length;
      ctx.logger.info(`${sent} alert(s) sent${failed ? `, ${failed} failed (retried on the next run)` : ''}`);
    }
    const findings = await listFindings(w, settings, run.since);
    if (findings.length === 0 && format === 'table') {
      process.stderr.write(`no anomalies since ${run.since}\n`);
    } else {
      printTable(findingsTable(findings, settings, format), format);
    }
    return failed > 0 ? 1 : 0;
  } finally {
    w.close();
  }
}

/** `--start` as a UTC day: YYYY-MM-DD as given, YYYY-MM as its first day. */
function firstDay(start: string | undefined): string | undefined {
  if (start === undefined) return undefined;
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(start)) return `${start}-01`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) {
    throw new FinopsError(`--start must be YYYY-MM-DD or YYYY-MM, not ${JSON.stringify(start)}`, {
      kind: 'usage',
    });
  }
  return start;
}

function settingsFrom(ctx: Context, flags: DetectFlags): DetectSettings {
  const metric = flags.metric ?? ctx.config.anomalies.metric;
  if (metric !== 'EffectiveCost' && metric !== 'BilledCost') {
    throw new FinopsError(`--metric must be EffectiveCost or BilledCost, not ${JSON.stringify(metric)}`, {
      kind: 'usage',
    });
  }
  const detectors = flags.detectors?.split(',').map((d) => d.trim()) ?? ctx.config.anomalies.detectors;
  const unknown = detectors.filter((d) => !(anomalyDetectors as readonly string[]).includes(d));
  if (unknown.length > 0 || detectors.length === 0) {
    throw new FinopsError(`--detectors: unknown detector ${JSON.stringify(unknown[0] ?? '')}`, {
      kind: 'usage',
      hint: `use a comma-separated list of ${anomalyDetectors.join(', ')}`,
    });
  }
  return withDefaults({
    ...ctx.config.anomalies,
    metric,
    detectors: detectors as DetectSettings['detectors'],
    tag_key: flags.tag ?? ctx.config.anomalies.tag_key,
  });
}

function findingsTable(findings: StoredFinding[], settings: DetectSettings, format: Format) {
  const pretty = format === 'table';
  const amount = (name: string): Column => ({ name, kind: 'money' });
  const columns: Column[] = [
    { name: 'day', kind: 'id' },
    { name: 'provider', kind: 'id' },
    { name: 'sub_account', kind: 'id' },
    { name: 'service', kind: 'id' },
    ...(settings.tag_key ? [{ name: `tag_${settings.tag_key}`, kind: 'id' } as const] : []),
    { name: 'currency', kind: 'id' },
    { name: 'kind' },
    { name: 'detector' },
    amount('actual'),
    amount('expected'),
    amount('expected_low'),
    amount('expected_high'),
    amount('impact'),
    { name: 'change_pct', kind: 'number' },
    { name: 'score', kind: 'number' },
    { name: 'status' },
  ];
  const rows = findings.map((f): Json[] => [
    f.day,
    f.provider,
    pretty ? (f.sub_account_name ?? f.sub_account_id) : f.sub_account_id,
    f.service_name,
    ...(settings.tag_key ? [f.tag_value] : []),
    f.currency,
    f.kind,
    f.detector,
    f.actual,
    f.expected,
    f.expected_low,
    f.expected_high,
    f.impact,
    changePercent(f.impact, f.expected),
    f.score,
    statusWord(f),
  ]);
  return { columns, rows };
}

async function backtestCommand(ctx: Context, flags: BacktestFlags): Promise<void> {
  const format = defaultFormat(stdout, flags.format);
  const options = {
    series: positiveInt('--series', flags.series),
    days: positiveInt('--days', flags.days),
    seed: positiveInt('--seed', flags.seed),
  };
  const settings = settingsFrom(ctx, { detectors: flags.detectors });
  const started = Date.now();
  const { data, rows } = await runBacktest(settings, options);
  const count = (kind: string) => data.events.filter((e) => e.kind === kind).length;
  ctx.logger.info(
    `${options.series} series x ${options.days} scored days, seed ${options.seed}: ${count('spike')} spikes ` +
      `(1.5-6x), ${count('level_shift')} level shifts, ${count('new')} new and ${count('stopped')} stopped ` +
      `series, ${data.gaps.length} delivery gaps; detectors ${settings.detectors.join('+')}, sensitivity ` +
      `${settings.sensitivity}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const columns = [
    'slice',
    'events',
    'found',
    'recall',
    'recall_2_5x',
    'alerts',
    'false_alerts',
    'precision',
    'alerts_per_event',
  ] as const;
  printTable({ columns: [...columns], rows: rows.map((r) => columns.map((c) => r[c])) }, format);
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new FinopsError(`${flag} must be a positive whole number, not ${JSON.stringify(text)}`, {
      kind: 'usage',
    });
  }
  return n;
}
