/**
 * Tags: Alibaba delivers them as JSON text whose keys users spell as they like (`Environment`,
 * `environment`, `Cost Center`). A configured list of common keys is matched ignoring case and
 * separators: each becomes a `tag_<key>` column in the raw table and one canonical key in FOCUS Tags
 * (`cost_center`, the spelling the AWS mapping uses), the first spelling in the delivered object winning
 * when several are present. Other keys stay as delivered; the raw `Tags` keeps the object untouched.
 */
import { quoteIdent, quoteLiteral } from '../../warehouse/sql.ts';

export interface TagKey {
  /** As configured, e.g. `CostCenter`. */
  key: string;
  /** Letters and digits, lower case: what a delivered key is compared by (`costcenter`). */
  match: string;
  /** snake_case: the FOCUS Tags key (`cost_center`). */
  canonical: string;
  /** The raw table's column (`tag_cost_center`). */
  column: string;
}

export function tagKeys(keys: readonly string[]): TagKey[] {
  const seen = new Set<string>();
  const out: TagKey[] = [];
  for (const key of keys) {
    const match = matchForm(key);
    if (!match || seen.has(match)) continue;
    seen.add(match);
    const canonical = key
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .toLowerCase();
    out.push({ key, match, canonical, column: `tag_${canonical}` });
  }
  return out;
}

export const matchForm = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The delivered tags of `json` (a JSON object column) as a list of {key, value}, in delivered order. */
const entries = (json: string) => `map_entries(CAST(${json} AS MAP(VARCHAR, VARCHAR)))`;

/** SQL for the raw table's `tag_<key>` columns over the JSON column `json` (NULL columns without one). */
export function tagColumns(keys: TagKey[], json: string | undefined): string[] {
  return keys.map((k) => {
    if (!json) return `NULL::VARCHAR AS ${quoteIdent(k.column)}`;
    const found = `list_filter(${entries(json)}, lambda e: regexp_replace(lower(e.key), '[^a-z0-9]', '', 'g') = ${quoteLiteral(k.match)})`;
    return `list_extract(${found}, 1).value AS ${quoteIdent(k.column)}`;
  });
}

/**
 * SQL for FOCUS Tags in two steps: `renamedTags` lists the entries of the JSON column `json` with the
 * common keys in canonical form (`$tagMatch`, `$tagCanonical`: the bound lists of `tagParams`), and
 * `firstOfEachKey` turns such a list column into the JSON object, keeping the first entry of each key.
 */
export function renamedTags(json: string): string {
  return `CASE WHEN ${json} IS NULL THEN NULL ELSE list_transform(${entries(json)}, lambda e: {'key': coalesce(
      map_extract_value(map($tagMatch::VARCHAR[], $tagCanonical::VARCHAR[]), regexp_replace(lower(e.key), '[^a-z0-9]', '', 'g')),
      e.key), 'value': e.value}) END`;
}

export function firstOfEachKey(list: string): string {
  return `to_json(map_from_entries(list_filter(${list}, lambda e, i: list_position(list_transform(${list}, lambda x: x.key), e.key) = i)))`;
}

export function tagParams(keys: TagKey[]) {
  return { tagMatch: keys.map((k) => k.match), tagCanonical: keys.map((k) => k.canonical) };
}
