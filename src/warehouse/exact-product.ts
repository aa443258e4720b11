/**
 * `exact_product(a, b)`, a session macro for SQL that multiplies amounts (see exact-product.sql): mappings
 * call this before they run.
 */
import { readSql } from './sql.ts';
import type { Warehouse } from './warehouse.ts';

export async function defineExactProduct(w: Warehouse): Promise<void> {
  await w.run(readSql(import.meta.url, 'exact-product.sql'));
}
