/**
 * Checks catalog statements with parsers built from the engines' own ANTLR grammars (dt-sql-parser:
 * Hive's, Trino's and Spark's). Athena runs DDL on Hive and views on its Trino engine, so its file is
 * checked with both, statement by statement. Trino's grammar accepts some tokens that Trino's own
 * parser then refuses while building the statement (backquoted and digit-first identifiers) or that
 * name no Trino type (`string`): those rules of Trino's are applied to the parse tree too.
 */
import { HiveSQL, SparkSQL, TrinoSQL, TrinoSqlListener } from 'dt-sql-parser';
import type { EngineName, Grammar } from '../../../src/publish/lake/dialects.ts';

const parsers = { hive: new HiveSQL(), trino: new TrinoSQL(), spark: new SparkSQL() };

export interface Statement {
  sql: string;
  /** 1-based line of the statement's first line in its file. */
  line: number;
}

/** The statements of a catalog file: comment lines dropped, each ending with `;` at a line's end. */
export function statementsOf(text: string): Statement[] {
  const out: Statement[] = [];
  let current: string[] = [];
  let start = 0;
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '' || line.trimStart().startsWith('--')) continue;
    if (current.length === 0) start = i + 1;
    current.push(line);
    if (line.trimEnd().endsWith(';')) {
      out.push({ sql: current.join('\n'), line: start });
      current = [];
    }
  }
  if (current.length) out.push({ sql: current.join('\n'), line: start });
  return out;
}

export function grammarFor(engine: EngineName, sql: string): Grammar {
  if (engine === 'trino') return 'trino';
  if (engine === 'spark') return 'spark';
  return /^\s*(CREATE OR REPLACE VIEW|DROP VIEW)\b/i.test(sql) ? 'trino' : 'hive';
}

/** Trino's built-in type names that its grammar reads as a generic type (the others are keywords). */
const trinoTypes = new Set(
  'bigint integer int smallint tinyint boolean double real decimal varchar char varbinary json date uuid ipaddress array map row'.split(
    ' ',
  ),
);

interface Problem {
  line: number;
  column: number;
  message: string;
}

/** What Trino's AstBuilder and type lookup refuse in a tree its grammar accepted. */
function trinoRules(sql: string): Problem[] {
  const problems: Problem[] = [];
  type Node = { start: { line: number; column: number } | null };
  const at = (ctx: Node, message: string) => {
    problems.push({ line: ctx.start?.line ?? 1, column: (ctx.start?.column ?? 0) + 1, message });
  };
  const listener = new (class extends TrinoSqlListener {
    override enterBackQuotedIdentifier = (ctx: Node) =>
      at(ctx, 'backquoted identifiers are not supported; use double quotes to quote identifiers');
    override enterDigitIdentifier = (ctx: Node) =>
      at(ctx, 'identifiers must not start with a digit; surround the identifier with double quotes');
    override enterGenericType = (ctx: Node & { identifier(): { getText(): string } }) => {
      const name = ctx.identifier().getText().replace(/^"|"$/g, '').toLowerCase();
      if (!trinoTypes.has(name)) at(ctx, `Unknown type: ${name}`);
    };
  })();
  parsers.trino.listen(listener, parsers.trino.parse(sql));
  return problems;
}

function problemsOf(grammar: Grammar, sql: string): Problem[] {
  const syntax = parsers[grammar]
    .validate(sql)
    .map((e) => ({ line: e.startLine, column: e.startColumn, message: e.message }));
  return syntax.length === 0 && grammar === 'trino' ? trinoRules(sql) : syntax;
}

/** Every statement of `text` that does not parse, with the grammar's message and position. */
export function grammarErrors(engine: EngineName, file: string, text: string): string[] {
  const errors: string[] = [];
  for (const s of statementsOf(text)) {
    const grammar = grammarFor(engine, s.sql);
    for (const e of problemsOf(grammar, s.sql)) {
      errors.push(`${file}:${s.line + e.line - 1}:${e.column} (${grammar} grammar) ${e.message}\n${s.sql}`);
    }
  }
  return errors;
}
