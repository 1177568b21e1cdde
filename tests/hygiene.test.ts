// Keeps the code readable the way docs/architecture.md asks: no function, method or arrow body in the code
// folders may span more than MAX_BODY_LINES lines. The TypeScript compiler's own parser finds the functions,
// so a long function cannot hide behind a formatting trick that a line-counting regex would miss.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** The code folders (tests, bench and scripts are not held to the limit). */
const CODE_DIRS = ['schema', 'server', 'generator', 'tasks', 'runner', 'leaderboard', 'cli', 'fixtures'] as const;

/** Longest body allowed, in lines from the opening `{` to the closing `}` (or of an arrow's expression). */
const MAX_BODY_LINES = 100;

interface FunctionSpan {
  /** `<file> <name>`. */
  key: string;
  /** `file:line`, for the failure message. */
  where: string;
  lines: number;
}

function* tsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* tsFiles(p);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) yield p;
  }
}

/** The name a reader would look for: declared name, method name, or the variable / property it is assigned to. */
function nameOf(node: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
  if (node.name && !ts.isComputedPropertyName(node.name)) return node.name.getText(sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    if (!ts.isComputedPropertyName(parent.name)) return parent.name.getText(sf);
  }
  const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  return `<anonymous@${line}>`;
}

/** Every function-like node with a body in one source file, with its body's span in lines. */
function functionSpans(file: string): FunctionSpan[] {
  const rel = relative(root, file).split('\\').join('/');
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: FunctionSpan[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const fn = node as ts.FunctionLikeDeclaration;
      const body = fn.body!;
      const first = sf.getLineAndCharacterOfPosition(body.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(body.getEnd()).line;
      const start = sf.getLineAndCharacterOfPosition(fn.getStart(sf)).line + 1;
      out.push({ key: `${rel} ${nameOf(fn, sf)}`, where: `${rel}:${start}`, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const spans = CODE_DIRS.flatMap((d) => [...tsFiles(join(root, d))]).flatMap(functionSpans);

describe(`function length (at most ${MAX_BODY_LINES} lines per body)`, () => {
  it('parses the code folders and measures what it should', () => {
    // A broken walk (wrong root, parser finding nothing) must not pass silently.
    expect(spans.length).toBeGreaterThan(1000);
    // …and it measures whole bodies: the longest function is well past a few lines, and a known
    // multi-line function is measured at its real length.
    expect(Math.max(...spans.map((s) => s.lines))).toBeGreaterThan(50);
    const known = spans.find((s) => s.key === 'server/soql/check.ts selectList');
    expect(known?.lines).toBeGreaterThan(10);
  });

  it('has no function body over the limit', () => {
    const over = spans
      .filter((s) => s.lines > MAX_BODY_LINES)
      .map((s) => `${s.where} ${s.key.split(' ')[1]} (${s.lines} lines)`);
    expect(over, 'split these into one function per concern').toEqual([]);
  });
});
