/**
 * Normalize: a batch's raw stage becomes FOCUS rows in a stage table beside focus.alibaba_YYYY_MM, by
 * focus.sql. This file only lists the delivered columns under their FOCUS names and binds the settings
 * (names for numeric codes, tag keys); the mapping itself is the SQL.
 */
import { focusProjection } from '../../focus/relation.ts';
import { fillTemplate, quoteIdent, readSql } from '../../warehouse/sql.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { type FocusStageRequest, lineageParams } from '../focus-stage.ts';
import type { PlannedColumn } from './columns.ts';
import { rawLineage } from './tables.ts';
import { firstOfEachKey, renamedTags, type TagKey, tagParams } from './tags.ts';

export interface NamingSettings {
  providerName: string;
  invoiceIssuerName?: string;
  /** Numeric code -> name. */
  names: Record<string, string>;
  tags: TagKey[];
}

export interface BatchFocusRequest extends FocusStageRequest {
  /** The batch's columns, every file's header together. */
  columns: PlannedColumn[];
  naming: NamingSettings;
}

/** Columns focus.sql reads whether or not the export delivers them. */
const referenced: Record<string, string> = {
  ProviderName: 'VARCHAR',
  PublisherName: 'VARCHAR',
  InvoiceIssuerName: 'VARCHAR',
  Tags: 'JSON',
};

export async function stageFocus(w: Warehouse, req: BatchFocusRequest): Promise<void> {
  const delivered = req.columns.map((c) => `r.${quoteIdent(c.header)} AS ${quoteIdent(c.focusName)}`);
  const names = new Set(req.columns.map((c) => c.focusName));
  for (const [name, type] of Object.entries(referenced)) {
    if (!names.has(name)) delivered.push(`NULL::${type} AS ${quoteIdent(name)}`);
  }
  delivered.push(`r.${rawLineage.file} AS x_SourceFile`, `r.${rawLineage.batch} AS x_BatchId`);
  const produced = new Set([
    ...names,
    ...Object.keys(referenced),
    'ServiceProviderName',
    'HostProviderName',
    'x_SourceFile',
    'x_BatchId',
    'x_SourceType',
    'x_SourceName',
    'x_SourceVersion',
    'x_LoadId',
  ]);
  const sql = fillTemplate(readSql(import.meta.url, 'focus.sql'), {
    target: req.target,
    raw: req.raw,
    delivered: delivered.join(',\n           '),
    renamed_tags: renamedTags('n.Tags'),
    first_of_each_key: firstOfEachKey('p.finops_tags'),
    projection: focusProjection('m', produced),
  });
  const codes = Object.keys(req.naming.names);
  await w.run(sql, {
    codes,
    names: codes.map((c) => req.naming.names[c] as string),
    providerName: req.naming.providerName,
    invoiceIssuerName: req.naming.invoiceIssuerName ?? null,
    ...tagParams(req.naming.tags),
    ...lineageParams(req),
  });
}
