/** Whether a table or view exists: most readers of focus.costs meet a warehouse no load has made yet. */
import type { Warehouse } from './warehouse.ts';

/** Whether `schema.name` exists as a table or a view (focus.costs is a view over period tables). */
export async function relationExists(w: Warehouse, schema: string, name: string): Promise<boolean> {
  const found = await w.one<{ n: number }>(
    'SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = $schema AND table_name = $name',
    { schema, name },
  );
  return Number(found?.n ?? 0) > 0;
}
