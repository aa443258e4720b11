/**
 * The warehouse's physical types, named once.
 *
 * Money and quantities are DECIMAL with 10 fractional digits, the precision AWS, Azure and GCP deliver
 * costs in (values such as 1.0E-8 are exact). Raw columns are read as DECIMAL(18,10), which DuckDB parses
 * about twice as fast as the 128-bit DECIMAL(38,10) and which holds up to 99,999,999.9999999999; a column
 * with a larger value is re-read as DECIMAL(30,10) (see the stage step), so nothing is ever truncated.
 * That is the range of FOCUS amounts (20 integer digits at 18 fractional ones): a larger value could not
 * be published, so it is refused where it is read, with its file and line. Sums are DECIMAL(38,10). Timestamps are TIMESTAMPTZ: UTC instants, in sessions that run with
 * TimeZone=UTC.
 *
 * Key-value columns (tags, cost categories, product attributes) are JSON objects. DuckDB's MAP type
 * costs about a quarter of a load's time to build and store (measured on 2M CUR rows); JSON text is
 * nearly free, is what CUR 2.0 CSV delivers and what FOCUS's Tags column is, and takes new keys without
 * a schema change. Query with `resource_tags->>'user_team'`, or CAST to MAP(VARCHAR, VARCHAR).
 */
export const DECIMAL = 'DECIMAL(18,10)';
export const WIDE_DECIMAL = 'DECIMAL(30,10)';
/**
 * FOCUS metrics (costs, prices, quantities) keep 18 fractional digits: native FOCUS files carry more
 * than CUR's ten (the official FOCUS sample has costs with 11 and quantities with 15).
 */
export const FOCUS_DECIMAL = 'DECIMAL(38,18)';
export const TIMESTAMP = 'TIMESTAMPTZ';
export const TEXT = 'VARCHAR';
export const JSON_OBJECT = 'JSON';

export type SqlType =
  | typeof DECIMAL
  | typeof WIDE_DECIMAL
  | typeof FOCUS_DECIMAL
  | typeof TIMESTAMP
  | typeof TEXT
  | typeof JSON_OBJECT;
