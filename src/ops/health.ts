/**
 * /healthz, /readyz and /masters/<name> as status code + body, no I/O.
 */
import type { OpsSource } from './ops-source';
import { masterJson, masterProblem, readinessProblem } from './master-view';

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Above this the loop is too busy to monitor on time (Redis's own timer runs every 50-100 ms). */
export const MAX_HEALTHY_LAG_MS = 1000;

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export function healthz(src: OpsSource): HttpAnswer {
  const lag = src.lag.currentMs(src.now());
  if (lag > MAX_HEALTHY_LAG_MS) return { status: 503, contentType: TEXT, body: `event loop lag ${Math.round(lag)} ms > ${MAX_HEALTHY_LAG_MS} ms\n` };
  return { status: 200, contentType: TEXT, body: 'ok\n' };
}

export function readyz(src: OpsSource): HttpAnswer {
  const problems: string[] = [];
  const live = healthz(src);
  if (live.status !== 200) problems.push(live.body.trim());
  if (src.core.tilt) problems.push('tilt mode');
  for (const m of src.core.masters.values()) {
    const p = readinessProblem(m);
    if (p !== null) problems.push(`${m.name}: ${p}`);
  }
  if (problems.length > 0) return { status: 503, contentType: TEXT, body: `${problems.join('\n')}\n` };
  return { status: 200, contentType: TEXT, body: `ready (${src.core.masters.size} masters)\n` };
}

export function masterAnswer(src: OpsSource, name: string): HttpAnswer {
  const m = src.core.masters.get(name);
  if (m === undefined) return { status: 404, contentType: TEXT, body: 'No such master with that name\n' };
  const status = masterProblem(m) === null ? 200 : 503;
  return { status, contentType: JSON_TYPE, body: `${JSON.stringify(masterJson(m, src.core.announceHostnames))}\n` };
}
