import * as fs from 'node:fs';
import { expect } from 'vitest';

/**
 * The difference log of a compat test: every check is a soft assertion that
 * also records the request and both answers, so one run reports all the
 * differences it finds, printed and written as JSON at the end.
 */
export interface Difference {
  test: string;
  request: string;
  expected: string;
  ours: string;
}

export class DifferenceLog {
  readonly list: Difference[] = [];
  /** the test the next records belong to */
  current = '';

  /** `show` turns a reply into the text compared and printed. */
  constructor(private readonly show: (b: Buffer | string) => string) {}

  record(request: string, expected: string, ours: string): void {
    this.list.push({ test: this.current, request, expected, ours });
  }

  /** Soft-asserts equal bytes (or strings). */
  sameBytes(request: string, expected: Buffer | string, ours: Buffer | string): void {
    const e = this.show(expected);
    const o = this.show(ours);
    if (e !== o) this.record(request, e, o);
    expect.soft(o, `${request}: bytes differ`).toBe(e);
  }

  /** Soft-asserts deep equality of normalised values. */
  sameValue(request: string, expected: unknown, ours: unknown): void {
    const e = JSON.stringify(expected, null, 1);
    const o = JSON.stringify(ours, null, 1);
    if (e !== o) this.record(request, e, o);
    expect.soft(ours, `${request}: differs`).toEqual(expected);
  }

  /** Writes `{ differences, ...extra }` (or the bare list) to `file` and prints the list. */
  report(tag: string, file: string, sides: string, extra?: Record<string, unknown>): void {
    fs.writeFileSync(file, JSON.stringify(extra ? { differences: this.list, ...extra } : this.list, null, 2));
    if (this.list.length === 0) {
      console.log(`[${tag}] no differences (${sides})`);
      return;
    }
    const text = this.list
      .map((d, i) => `#${i + 1} [${d.test}] request: ${d.request}\n  expected: ${d.expected}\n  ours:     ${d.ours}`)
      .join('\n');
    console.log(`[${tag}] ${this.list.length} differences (${sides}), also in ${file}:\n${text}`);
  }
}
