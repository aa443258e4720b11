/**
 * The BigQuery export table a user names (`project.dataset.table`), checked against BigQuery's naming
 * rules before it goes anywhere near SQL: a table name cannot be a query parameter, so it is validated
 * to letters, digits, `_` and `-` (and a domain-scoped project's `domain:`), then quoted in backticks.
 */
import { usageError } from '../../errors.ts';

export interface TableRef {
  project: string;
  dataset: string;
  table: string;
}

const project = /^(?:[a-z0-9][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const dataset = /^[A-Za-z0-9_]{1,1024}$/;
const table = /^[A-Za-z0-9_-]{1,1024}$/;

export function parseTableRef(text: string): TableRef {
  const parts = text.trim().replace(/^`|`$/g, '').split('.');
  const ref = {
    table: parts.pop() ?? '',
    dataset: parts.pop() ?? '',
    project: parts.join('.'),
  };
  if (!project.test(ref.project) || !dataset.test(ref.dataset) || !table.test(ref.table)) {
    throw usageError(
      `${JSON.stringify(text)} is not a BigQuery table name`,
      'write it as project.dataset.table, e.g. my-billing-project.billing.gcp_billing_export_v1_0A1B2C_3D4E5F_6A7B8C',
    );
  }
  return ref;
}

export function tableText(ref: TableRef): string {
  return `${ref.project}.${ref.dataset}.${ref.table}`;
}

/** For SQL: validated above, so no backtick or backslash can be inside. */
export function quotedTable(ref: TableRef): string {
  return `\`${tableText(ref)}\``;
}

/** Whether the name is one of the billing export's own (standard or detailed). */
export function isExportTableName(ref: TableRef): boolean {
  return /^gcp_billing_export_(resource_)?v1_/.test(ref.table);
}
