/**
 * A tiny writer for the Prometheus text exposition format 0.0.4: HELP/TYPE
 * once per family, escaped label values. Strings are joined once at the end.
 */
export type Labels = Record<string, string>;

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function fmt(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export class PromText {
  private readonly parts: string[] = [];

  family(name: string, type: 'gauge' | 'counter' | 'histogram', help: string): void {
    this.parts.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}\n`);
  }

  sample(name: string, value: number, labels?: Labels): void {
    let l = '';
    if (labels !== undefined) {
      const kv = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
      if (kv.length > 0) l = `{${kv.join(',')}}`;
    }
    this.parts.push(`${name}${l} ${fmt(value)}\n`);
  }

  /** A family with a single unlabelled sample. */
  gauge(name: string, help: string, value: number): void {
    this.family(name, 'gauge', help);
    this.sample(name, value);
  }

  text(): string {
    return this.parts.join('');
  }
}
