// Tag compliance and unallocated cost, from the governance step; until it has run, a note says so.
import { get } from '../api.js';
import { append, h, message, table } from '../dom.js';

export async function render(root) {
  const data = await get('tags');
  append(root, h('h2', {}, 'Tag compliance'));
  if (!data.available) {
    append(root, message(data.message));
    return;
  }
  append(
    root,
    table(
      data.columns.map((label, i) => ({ label, value: (row) => row[i] ?? '' })),
      data.rows,
      { 'data-testid': 'tags' },
    ),
  );
}
