/**
 * The sources: what each is, and the period tables it writes. Adding a provider is a folder in
 * src/sources/ and one entry here.
 */
import type { PeriodTableSet } from '../warehouse/period-tables.ts';
import { focusAlibabaTables, rawAlibabaTables } from './alibaba/tables.ts';
import { focusAwsTables, rawTables } from './aws-cur/tables.ts';
import { focusAzureTables, rawAzureTables } from './azure/tables.ts';
import { nativeTables } from './focus/tables.ts';
import { focusGcpTables, rawGcpTables } from './gcp/tables.ts';

export interface SourceInfo {
  /** The ledger's source_type. */
  type: string;
  description: string;
  tables: PeriodTableSet[];
}

export const sources = {
  'aws-cur': {
    type: 'aws-cur',
    description: 'AWS Cost and Usage Reports (legacy CUR, CUR 2.0) into aws_billing and focus.costs',
    tables: [rawTables, focusAwsTables],
  },
  alibaba: {
    type: 'alibaba',
    description:
      'Alibaba Cloud FOCUS 1.0 (preview) exports, batch by batch, into alibaba_billing and focus.costs',
    tables: [rawAlibabaTables, focusAlibabaTables],
  },
  azure: {
    type: 'azure',
    description:
      'Azure Cost Management exports (FocusCost, ActualCost + AmortizedCost) into azure_billing and focus.costs',
    tables: [rawAzureTables, focusAzureTables],
  },
  gcp: {
    type: 'gcp',
    description:
      'Google Cloud billing export (standard and detailed), from BigQuery or files, month by month, into gcp_billing and focus.costs',
    tables: [rawGcpTables, focusGcpTables],
  },
  focus: {
    type: 'focus',
    description: 'native FOCUS files (1.0 to 1.3) of any provider into focus.costs',
    tables: [nativeTables],
  },
} satisfies Record<string, SourceInfo>;
