/**
 * The core's purity, checked on its source rather than trusted: src/core
 * decides from its inputs alone, so a run can be replayed from a seed and a
 * trace. One node module, one clock read or one timer inside it and that
 * stops being true without any test noticing, hence this check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const CORE = path.join(ROOT, 'src/core');

/** Globals that read the clock, schedule work, draw randomness or reach the process. */
const FORBIDDEN_GLOBALS = new Set([
  'Date',
  'performance',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'crypto',
  'process',
  'globalThis',
  'global',
  'require',
]);

export interface Violation {
  file: string;
  line: number;
  what: string;
}

/** True when `id` is only a property or member name, not a reference to a global. */
function isNameOnly(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  if (ts.isQualifiedName(p) && p.right === id) return true;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p)) && p.name === id) return true;
  if ((ts.isMethodDeclaration(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === id) return true;
  if (ts.isEnumMember(p) && p.name === id) return true;
  return false;
}

/** Where a module specifier may point from `file`: another file of src/core. */
function importProblem(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return `imports '${spec}' (node modules and packages are the shell's)`;
  const target = path.resolve(path.dirname(file), spec);
  const rel = path.relative(CORE, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return `imports '${spec}', outside src/core`;
  return null;
}

export function checkCoreSource(file: string, text: string): Violation[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Violation[] = [];
  const at = (node: ts.Node, what: string): void => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.push({ file: path.relative(ROOT, file), line: line + 1, what });
  };
  const checkSpec = (node: ts.Node, spec: ts.Expression | undefined): void => {
    if (spec === undefined) return;
    if (!ts.isStringLiteralLike(spec)) {
      at(node, 'imports a computed module name');
      return;
    }
    const problem = importProblem(file, spec.text);
    if (problem !== null) at(node, problem);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) checkSpec(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      checkSpec(node, node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      checkSpec(node, node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      checkSpec(node, node.argument.literal as ts.Expression);
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Math' && node.name.text === 'random') {
      at(node, 'uses Math.random (randomness is an input)');
    } else if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Math') {
      at(node, 'indexes Math (Math.random hides this way)');
    } else if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && !isNameOnly(node)) {
      at(node, `uses ${node.text} (clock, timers, randomness and the process are the shell's)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function coreFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return coreFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const fmt = (v: Violation): string => `${v.file}:${v.line}: ${v.what}`;

describe('house rules: src/core is pure', () => {
  it('imports only src/core and uses no clock, timers, randomness or process', () => {
    const files = coreFiles(CORE);
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) => checkCoreSource(f, readFileSync(f, 'utf8')));
    expect(found.map(fmt)).toEqual([]);
  });

  // The checker itself, so that a change to it cannot quietly make it pass everything.
  const probe = (src: string): string[] => checkCoreSource(path.join(CORE, 'probe.ts'), src).map(fmt);
  const cases: Array<[string, string]> = [
    ["import * as net from 'node:net';", "imports 'node:net'"],
    ["import { readFileSync } from 'fs';", "imports 'fs'"],
    ["import { x } from '../server/x';", 'outside src/core'],
    ["export { y } from '../links/y';", 'outside src/core'],
    ["import z = require('net');", "imports 'net'"],
    ["const m = require('os');", 'uses require'],
    ["void import('node:dns');", "imports 'node:dns'"],
    ['const spec = "x"; void import(spec);', 'computed module name'],
    ["type T = import('node:net').Socket;", "imports 'node:net'"],
    ['const t = Date.now();', 'uses Date'],
    ['const d = new Date(0);', 'uses Date'],
    ['const t = performance.now();', 'uses performance'],
    ['setTimeout(() => {}, 1);', 'uses setTimeout'],
    ['setInterval(() => {}, 1);', 'uses setInterval'],
    ['setImmediate(() => {});', 'uses setImmediate'],
    ['queueMicrotask(() => {});', 'uses queueMicrotask'],
    ['const r = Math.random();', 'Math.random'],
    ["const r = Math['random']();", 'indexes Math'],
    ['const u = crypto.randomUUID();', 'uses crypto'],
    ['const e = process.env;', 'uses process'],
    ['const g = globalThis.setTimeout;', 'uses globalThis'],
  ];
  for (const [src, want] of cases) {
    it(`catches ${src}`, () => {
      const got = probe(`\n${src}\n`);
      expect(got.length).toBeGreaterThan(0);
      expect(got[0]).toContain('src/core/probe.ts:2: ');
      expect(got.join('\n')).toContain(want);
    });
  }

  it('lets pure code, comments, strings and property names through', () => {
    const src = [
      "import { a } from './a';",
      "import type { B } from './sub/b';",
      '// Date.now() and setTimeout in a comment',
      "const s = 'process and Math.random() in a string';",
      'const o = { process: 1, Date: 2 };',
      'const n = o.process + o.Date + Math.floor(1.5);',
    ].join('\n');
    expect(probe(src)).toEqual([]);
  });
});

/** The options as tsc resolves them for `config` (extends followed). */
function compilerOptions(config: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, config), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`${config}: not parsed`);
  return parsed.options;
}

describe('the compiler holds the code to the rules', () => {
  // An index may be missing unless the code shows otherwise.
  for (const config of ['tsconfig.json', 'test/tsconfig.json']) {
    it(`${config}: strict, noUncheckedIndexedAccess`, () => {
      const o = compilerOptions(config);
      expect(o.strict).toBe(true);
      expect(o.noUncheckedIndexedAccess).toBe(true);
    });
  }
});
