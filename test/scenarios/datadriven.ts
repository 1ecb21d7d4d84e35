import * as fs from 'node:fs';

/**
 * Data-driven test files in the manner of cockroachdb/datadriven (as etcd
 * raft uses it): each case is a command line, `----`, and the expected
 * output up to the next blank line. Lines starting with `#` between cases
 * are comments. The command line is `name arg arg key=value ...`.
 *
 * `runFile` runs every case in order through `run` and compares; with
 * `rewrite` it writes the file back with the actual outputs instead
 * (REWRITE=1 in the runner).
 */
export interface Directive {
  /** 1-based line of the command */
  line: number;
  cmd: string;
  /** positional arguments */
  args: string[];
  /** key=value arguments */
  kv: Map<string, string>;
  expected: string;
}

type Chunk = { kind: 'text'; lines: string[] } | { kind: 'case'; cmdLine: string; d: Directive };

function parse(path: string, text: string): Chunk[] {
  const lines = text.split('\n');
  const out: Chunk[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i] ?? '';
    if (l.trim() === '' || l.startsWith('#')) {
      const last = out[out.length - 1];
      if (last?.kind === 'text') last.lines.push(l);
      else out.push({ kind: 'text', lines: [l] });
      i++;
      continue;
    }
    const cmdLine = l;
    const sep = lines[i + 1];
    if (sep !== '----') throw new Error(`${path}:${i + 2}: expected ---- after the command "${cmdLine}"`);
    const expected: string[] = [];
    let j = i + 2;
    for (; j < lines.length && (lines[j] ?? '') !== ''; j++) expected.push(lines[j] ?? '');
    out.push({ kind: 'case', cmdLine, d: { line: i + 1, ...splitCommand(cmdLine), expected: expected.join('\n') } });
    i = j;
  }
  return out;
}

function splitCommand(line: string): { cmd: string; args: string[]; kv: Map<string, string> } {
  const [cmd = '', ...rest] = line.trim().split(/\s+/);
  const args: string[] = [];
  const kv = new Map<string, string>();
  for (const r of rest) {
    const eq = r.indexOf('=');
    if (eq > 0) kv.set(r.slice(0, eq), r.slice(eq + 1));
    else args.push(r);
  }
  return { cmd, args, kv };
}

export interface Mismatch {
  line: number;
  cmd: string;
  expected: string;
  actual: string;
}

/** Runs every case; the mismatches (none when rewriting: the file then holds the actual outputs). */
export function runFile(path: string, run: (d: Directive) => string, rewrite: boolean): Mismatch[] {
  const chunks = parse(path, fs.readFileSync(path, 'utf8'));
  const mismatches: Mismatch[] = [];
  const written: string[] = [];
  for (const c of chunks) {
    if (c.kind === 'text') {
      written.push(...c.lines);
      continue;
    }
    let actual: string;
    try {
      actual = run(c.d).replace(/\n+$/, '');
    } catch (e) {
      actual = `error: ${e instanceof Error ? e.message : String(e)}`;
    }
    // A blank line would end the case: outputs never hold one.
    actual = actual
      .split('\n')
      .filter((l) => l !== '')
      .join('\n');
    if (actual === '') actual = 'ok';
    if (actual !== c.d.expected) mismatches.push({ line: c.d.line, cmd: c.cmdLine, expected: c.d.expected, actual });
    written.push(c.cmdLine, '----', ...actual.split('\n'));
  }
  if (rewrite) {
    let text = written.join('\n');
    if (!text.endsWith('\n')) text += '\n';
    fs.writeFileSync(path, text);
    return [];
  }
  return mismatches;
}
