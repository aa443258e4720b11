/**
 * Rows read from a unit's local files, located by the object key each came from (located.sql), for the
 * sources that read a unit's files in several layouts in one statement (Alibaba, Azure, GCP).
 */
import { fillTemplate, readSql } from '../warehouse/sql.ts';
import type { Params } from '../warehouse/warehouse.ts';
import type { LocalDataFile } from './local-data-file.ts';

/** `reads` are SELECTs that each carry DuckDB's `filename AS finops_path`; bind `fileKeys` beside. */
export function locatedRows(reads: string[]): string {
  return fillTemplate(readSql(import.meta.url, 'located.sql'), {
    reads: reads.join('\nUNION ALL BY NAME\n'),
  });
}

export function fileKeys(files: LocalDataFile[]): Params {
  return { paths: files.map((f) => f.path), keys: files.map((f) => f.key) };
}
