/**
 * What a check-function translator produces and needs, shared by the logic translators (translate.ts)
 * and the type/format translators (formats.ts).
 */
import type { Column } from './columns.ts';
import type { CheckNode } from './model.ts';

export type Translated =
  /**
   * A predicate on one row, TRUE where the row satisfies it (NULL: unknown, not a failure); `failure`
   * explains a failure the rows do not show (a column of the wrong type).
   */
  | { kind: 'row'; sql: string; failure?: string }
  /** Dataset level: the column exists. */
  | { kind: 'present'; column: string }
  /** Dataset level: every value of A has `expected` distinct values of B. */
  | { kind: 'distinct'; columnA: string; columnB: string; expected: number }
  /** A composite of other model rules, whose status follows theirs. */
  | { kind: 'rules'; op: 'AND' | 'OR'; ruleIds: string[] };

export interface SqlContext {
  /** A column of the relation; callers check presence first, so a miss is a bug. */
  column(name: string): Column;
}

export type Translator = (node: CheckNode, ctx: SqlContext) => Translated;

/** A problem with the model itself (an unknown function, a missing argument). */
export class ModelShapeError extends Error {}

export function row(sql: string): Translated {
  return { kind: 'row', sql };
}

/** A string argument of a check, e.g. `ColumnName`. */
export function text(node: CheckNode, key: string): string {
  const value = node[key];
  if (typeof value !== 'string' || value === '') {
    throw new ModelShapeError(`${node.CheckFunction ?? 'a check'} has no ${key}`);
  }
  return value;
}
