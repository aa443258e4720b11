/**
 * Writes the column sets of the real-export corpus (test/fixtures/real/column-sets/<provider>/<name>.json):
 * each file's format and value shapes, its provenance copied from the corpus's PROVENANCE.md, never a value.
 *
 *   REAL_EXPORTS_CORPUS=/path/to/real npx tsx test/real-exports/write-column-sets.ts
 *   (default folder ../shared/samples/real), then `npx biome format --write test/fixtures/real/column-sets`.
 *
 * column-sets.test.ts checks, when the corpus is there, that every column set still describes its file.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeCsv } from './column-set-describe.ts';
import { type ColumnSet, columnSetPath } from './column-sets.ts';
import { column, corpusRoot, readCsv } from './helpers.ts';

/** The month each file is delivered for (as the corpus tests deliver it), and what else to keep. */
export const corpusPeriods: Record<
  string,
  Pick<ColumnSet, 'billingPeriodOfRows' | 'notes'> & { period?: string }
> = {
  'aws/koku-2022-07-01-alt-columns.csv': { period: '2022-07' },
  'aws/koku-2023-06-01-not-final.csv': { period: '2023-06' },
  'aws/koku-2023-06-01.csv': { period: '2023-06' },
  'aws/koku-November-2023-None.csv': { period: '2023-11' },
  'aws/koku-empty_frame.csv': { period: '2023-06' },
  'aws/koku-test_cur.csv': { period: '2018-06' },
  'azure/finops-toolkit-EA_NoRows.csv': {
    period: '2023-09',
    notes: ["the period is the test's choice: the file has no rows"],
  },
  'azure/koku-azure_camelCased.csv': { period: '2019-07' },
  'azure/koku-azure_version_2.csv': { period: '2020-09' },
  'azure/koku-camel_azure_version_2.csv': { period: '2023-08' },
  'azure/koku-camel_v2.csv': { period: '2023-08' },
  'azure/koku-costreport_a243c6f2-199f-4074-9a2c-40e671cf1584.csv': { period: '2019-07' },
  'azure/koku-empty_frame.csv': {
    period: '2023-09',
    notes: ["the period is the test's choice: the file has no rows"],
  },
  'azure/opencost-BOM.csv': { period: '2022-11' },
  'azure/opencost-Enterprise.csv': {
    period: '2021-02',
    billingPeriodOfRows: '2021-05',
    notes: ['the row is dated in February 2021 but its BillingPeriodStartDate/EndDate name May 2021'],
  },
  'azure/opencost-EnterpriseCamel.csv': { period: '2021-02' },
  'azure/opencost-German.csv': { period: '2021-02' },
  'azure/opencost-PayAsYouGo.csv': { period: '2021-02' },
  'azure/opencost-Template.csv': { period: '2021-02' },
  'azure/opencost-YA.csv': { period: '2021-02' },
  'gcp/koku-2022-08-01_5.csv': {},
  'gcp/koku-2024-03-01_5.csv': {},
  'gcp/koku-30c31bca571d9b7f3b2c8459dd8bc34a_2020-11-08_2020-11-11.csv': {},
  'gcp/koku-evidence-2019-06-03.csv': {
    period: '2019-09',
    notes: ['the file is named for 2019-06-03 but its Start Time and End Time are in September 2019'],
  },
  'gcp/koku-tmp_example.csv': {},
  'oci/focus-converters-reports_cost-csv_0000000030000269.csv': { period: '2023-11' },
  'oci/koku-reports_cost-csv_0001000000603747.csv': { period: '2022-04' },
  'oci/koku-reports_usage-csv_0001000000829494.csv': { period: '2022-04' },
};

/** The Files table of the corpus's PROVENANCE.md: file -> repository, path, commit, licence, what it is. */
export function provenanceTable(markdown: string) {
  const out = new Map<string, { provenance: ColumnSet['provenance']; what: string }>();
  for (const line of markdown.split('\n')) {
    const m =
      /^\| ([a-z]+\/[^ |]+\.csv) \| ([^,]+), `([^`]+)` \(([0-9a-f]+)\) \| ([^|]+) \| \d+ \| \d+ \| (.*) \|$/.exec(
        line,
      );
    if (m)
      out.set(m[1] as string, {
        provenance: {
          repository: m[2] as string,
          path: m[3] as string,
          commit: m[4] as string,
          licence: (m[5] as string).trim(),
        },
        what: (m[6] as string).trim(),
      });
  }
  return out;
}

/** Rows per billing period: GCP's invoice.month, else the file's one period. */
export function periodsOf(file: string, rows: number): Record<string, number> {
  const config = corpusPeriods[file];
  if (!config) throw new Error(`${file}: not in corpusPeriods`);
  if (config.period) return { [config.period]: rows };
  const counts: Record<string, number> = {};
  for (const m of column(readCsv(path.join(corpusRoot, file)), 'invoice.month')) {
    const period = `${m.slice(0, 4)}-${m.slice(4, 6)}`;
    counts[period] = (counts[period] ?? 0) + 1;
  }
  return counts;
}

export function columnSetOf(
  file: string,
  provenance: Map<string, { provenance: ColumnSet['provenance']; what: string }>,
) {
  const described = describeCsv(readFileSync(path.join(corpusRoot, file)));
  const origin = provenance.get(file);
  if (!origin) throw new Error(`${file}: not in PROVENANCE.md`);
  const { period: _period, ...keep } = corpusPeriods[file] ?? {};
  const set: ColumnSet = {
    file,
    provenance: origin.provenance,
    what: origin.what,
    periods: periodsOf(file, described.format.rows),
    ...keep,
    ...described,
  };
  return set;
}

/** Pretty JSON with one line per column (biome keeps a line that fits). */
function serialize(set: ColumnSet): string {
  const { columns, ...rest } = set;
  const head = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
  return `${head},\n  "columns": [\n${columns.map((c) => `    ${JSON.stringify(c)}`).join(',\n')}\n  ]\n}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const root = corpusRoot;
  const provenance = provenanceTable(readFileSync(path.join(root, 'PROVENANCE.md'), 'utf8'));
  for (const provider of ['aws', 'azure', 'gcp', 'oci']) {
    for (const name of readdirSync(path.join(root, provider))
      .filter((f) => f.endsWith('.csv'))
      .sort()) {
      const file = `${provider}/${name}`;
      const out = columnSetPath(file);
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, serialize(columnSetOf(file, provenance)));
      console.log(out);
    }
  }
}
