/**
 * `/api/tags`: tag compliance and unallocated cost, from the governance step (src/govern/, not built
 * yet). Until its table exists the panel says so; when it does, its rows are shown as they are, so the
 * governance work can shape them without changing the dashboard first.
 */
import type { Session } from '../access.ts';
import { tableExists } from '../aggregates/status.ts';
import type { Query } from '../params.ts';

export const tagsParams = ['limit'] as const;

/** The table the governance step is expected to write. */
const TABLE = 'tag_compliance';

export function tagComplianceSource(s: Session): Promise<{ available: boolean }> {
  return s.memo('tags-source', async () => ({ available: await tableExists(s.w, 'finops_meta', TABLE) }));
}

export async function tags(s: Session, q: Query) {
  const limit = q.limit('limit', 200, 1000);
  if (!(await tagComplianceSource(s)).available) {
    return { available: false, message: 'no tag compliance data yet', columns: [], rows: [] };
  }
  const table = await s.w.table(`SELECT COLUMNS(*)::VARCHAR FROM finops_meta.${TABLE} LIMIT $limit`, {
    limit,
  });
  return { available: true, columns: table.columns, rows: table.rows };
}
