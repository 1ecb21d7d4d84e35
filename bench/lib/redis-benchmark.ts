/**
 * One redis-benchmark run (the tool installed with redis-server) against a
 * port, read from its `--csv` output: one header line, then one line per test
 * ("test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",
 * "p95_latency_ms","p99_latency_ms","max_latency_ms" in 7.0).
 */
import type { Run } from './procs';

export interface BenchmarkFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export interface BenchmarkOptions {
  port: number;
  clients: number;
  requests: number;
  pipeline: number;
  /** The command as separate arguments: redis-benchmark sends it as a RESP multibulk request. */
  argv: readonly string[];
  timeoutMs: number;
}

/** Splits one CSV line of quoted fields. */
function csvFields(line: string): string[] {
  return [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] as string).replace(/""/g, '"'));
}

export function parseCsv(stdout: string): BenchmarkFigures {
  const lines = stdout.split('\n').filter((l) => l.startsWith('"'));
  const head = csvFields(lines[0] ?? '');
  const row = csvFields(lines[1] ?? '');
  const get = (col: string): number => {
    const i = head.indexOf(col);
    const v = Number(row[i]);
    if (i < 0 || !Number.isFinite(v)) throw new Error(`redis-benchmark --csv: no ${col} in ${JSON.stringify(stdout.slice(0, 400))}`);
    return v;
  };
  return { rps: get('rps'), p50Ms: get('p50_latency_ms'), p99Ms: get('p99_latency_ms') };
}

/** Runs redis-benchmark in `run` (killed by PID on timeout, error or signal); its figures. */
export async function redisBenchmark(run: Run, o: BenchmarkOptions): Promise<BenchmarkFigures> {
  const args = ['-h', '127.0.0.1', '-p', String(o.port), '-c', String(o.clients), '-n', String(o.requests), '-P', String(o.pipeline), '--csv', ...o.argv];
  const child = run.spawn('redis-benchmark', args, 'pipe');
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const code = await new Promise<number | string>((resolve, reject) => {
    const timer = setTimeout(() => {
      run.kill(child);
      reject(new Error(`redis-benchmark ${o.argv.join(' ')} -P ${o.pipeline}: not done in ${o.timeoutMs} ms, killed`));
    }, o.timeoutMs);
    child.once('close', (c, sig) => {
      clearTimeout(timer);
      resolve(c ?? sig ?? 'unknown');
    });
  });
  if (code !== 0) throw new Error(`redis-benchmark ${o.argv.join(' ')} exited with ${code}: ${err.trim().slice(0, 400)}`);
  return parseCsv(out);
}
