/**
 * `finops alibaba ...`: Alibaba Cloud's FOCUS export. `list` shows the export's batches and which are
 * new, changed, loaded or superseded; `import` loads the new and changed ones (`finops sample alibaba`
 * and the demo's entry point are in alibaba-sample.ts). Settings come from `[alibaba]`
 * (src/config/alibaba.ts), FINOPS_ALIBABA_* and these flags.
 */
import type { Command } from 'commander';
import {
  type AlibabaInput,
  type AlibabaSettings,
  alibabaSettings,
  alibabaTarget,
} from '../config/alibaba.ts';
import { usageError } from '../errors.ts';
import type { AlibabaTarget } from '../sources/alibaba/batch-steps.ts';
import { alibaba } from '../sources/alibaba/index.ts';
import { compileLayout } from '../sources/alibaba/layout.ts';
import { tagKeys } from '../sources/alibaba/tags.ts';
import type { Context } from './context.ts';
import { formatOption, type PeriodFlags, periodOptions, periodRange } from './flags.ts';
import { type ImportFlags, importCommand, importOptions } from './import-command.ts';
import { listUnits } from './list-units.ts';
import { action } from './run.ts';
import { oldPeriodSpellings } from './spellings.ts';

interface Flags extends ImportFlags, PeriodFlags {
  source?: string;
  bucket?: string;
  prefix?: string;
  endpoint?: string;
  region?: string;
  name?: string;
  pattern?: string;
  batches?: string;
  timezone?: string;
  providerName?: string;
  invoiceIssuerName?: string;
  code?: string[];
  tagKeys?: string;
}

const examples = `
Examples:
  finops alibaba list --source s3://acme-bills/focus --endpoint https://s3.oss-cn-hangzhou.aliyuncs.com
  finops alibaba import --source s3://acme-bills/focus --endpoint https://s3.oss-cn-hangzhou.aliyuncs.com \\
      --code 1011="Alibaba Cloud (Singapore) Private Limited"
  finops alibaba import --source ./bills --pattern '{account}/FOCUS/{yearmonth}/{batch_ts}/{file}' --timezone auto
  finops alibaba import --source s3://copied-bills/alibaba --batches snapshot --start 2024-01`;

export function registerAlibabaCommands(group: Command): void {
  group.addHelpText('after', examples);
  formatOption(
    withLocation(
      group.command('list').description("the export's batches: new, changed, loaded or superseded"),
    ),
  )
    .addHelpText('after', examples)
    .action(action<Flags>(listCommand));
  importOptions(
    withLocation(
      group
        .command('import')
        .description('import the new and changed batches into alibaba_billing and focus.costs'),
    ),
  )
    .option(
      '--batches <mode>',
      'increment (each batch adds its rows) or snapshot (each batch holds the month so far)',
    )
    .option(
      '--timezone <zone>',
      'zone of timestamps without an offset: an IANA name (default Asia/Shanghai), UTC, or auto',
    )
    .option('--provider-name <name>', 'name for the numeric ProviderName (default "Alibaba Cloud")')
    .option('--invoice-issuer-name <name>', 'name for a numeric InvoiceIssuerName that --code does not list')
    .option('--code <code=name...>', 'name of a numeric code in ProviderName/PublisherName/InvoiceIssuerName')
    .option(
      '--tag-keys <keys>',
      'comma-separated tag keys that become tag_<key> columns (default Brand,Project,Owner,CostCenter,Environment,Application)',
    )
    .addHelpText('after', examples)
    .action(action<Flags>(importBatches));
}

function withLocation(command: Command): Command {
  command
    .option('--source <location>', 's3://bucket/prefix (OSS or S3) or a local folder')
    .option('--bucket <bucket>', 'bucket, with --prefix, instead of --source')
    .option('--prefix <prefix>', "the subscription's directory in the bucket (or below --source)")
    .option(
      '--endpoint <url>',
      'OSS endpoint, e.g. https://s3.oss-cn-hangzhou.aliyuncs.com (or another S3-compatible store)',
    )
    .option(
      '--region <region>',
      'region for request signing (OSS: taken from the endpoint, e.g. cn-hangzhou)',
    )
    .option('--name <name>', 'the name this export has in the ledger (default "alibaba")')
    .option(
      '--pattern <pattern>',
      'folder layout below the prefix (default {account}/FOCUS/{yearmonth}/{batch_ts}/{file})',
    );
  return oldPeriodSpellings(periodOptions(command));
}

/** The settings in force: `[alibaba]` in config.toml, FINOPS_ALIBABA_*, flags. */
export function settingsOf(ctx: Context, flags: Flags): AlibabaSettings {
  const { start, end } = periodRange(flags);
  const given: Partial<AlibabaInput> = {
    name: flags.name,
    source: flags.source,
    bucket: flags.bucket,
    prefix: flags.prefix,
    endpoint: flags.endpoint,
    region: flags.region,
    pattern: flags.pattern,
    start_date: start,
    end_date: end,
    batches: flags.batches as AlibabaInput['batches'],
    timezone: flags.timezone,
    provider_name: flags.providerName,
    invoice_issuer_name: flags.invoiceIssuerName,
    tag_keys: flags.tagKeys
      ?.split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  };
  const settings = alibabaSettings(ctx.config.alibaba, given);
  return { ...settings, names: { ...settings.names, ...parseCodes(flags.code) } };
}

function parseCodes(pairs: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const m = /^(\d+)=(.+)$/.exec(pair);
    if (!m)
      throw usageError(
        `--code ${JSON.stringify(pair)} is not CODE=NAME`,
        'e.g. --code 1011="Alibaba Cloud (Singapore) Private Limited"',
      );
    out[m[1] as string] = m[2] as string;
  }
  return out;
}

/** The source target for settings `s`, against the store they name. */
export function targetOf(ctx: Context, s: AlibabaSettings): AlibabaTarget {
  const target = alibabaTarget(s, ctx.config.s3);
  const { store, prefix } = ctx.openStore(target.location, { s3: target.s3 });
  return {
    exp: { store, prefix, layout: compileLayout(s.pattern) },
    name: s.name,
    location: target.location,
    mode: s.batches,
    timezone: s.timezone,
    naming: {
      providerName: s.provider_name,
      invoiceIssuerName: s.invoice_issuer_name,
      names: s.names,
      tags: tagKeys(s.tag_keys),
    },
    start: s.start_date,
    end: s.end_date,
    told: new Set(),
  };
}

function listCommand(ctx: Context, flags: Flags): Promise<void> {
  const target = targetOf(ctx, settingsOf(ctx, flags));
  return listUnits(ctx, alibaba, [target], flags.format, { part: 'batch', versions: false });
}

const importBatches = (ctx: Context, flags: Flags) =>
  importCommand(ctx, flags, alibaba, [targetOf(ctx, settingsOf(ctx, flags))]);
