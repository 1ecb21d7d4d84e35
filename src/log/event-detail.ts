/**
 * The instance detail of an event payload (`<type> <name> <ip> <port>
 * [@ <master> <ip> <port>] [extra]`, see core/event-format), parsed back for
 * JSON log lines so log pipelines can filter on fields instead of matching
 * text. Payloads without an instance (+new-epoch 5, +tilt, ...) give null.
 */
export interface EventDetail {
  type: string;
  name: string;
  ip: string;
  port: number;
  master?: { name: string; ip: string; port: number };
  /** what follows the instance, e.g. the quorum of +odown */
  extra?: string;
}

const KINDS = new Set(['master', 'slave', 'sentinel']);

function portOf(s: string | undefined): number | null {
  return s !== undefined && /^[0-9]{1,5}$/.test(s) ? Number(s) : null;
}

export function parseEventDetail(payload: string): EventDetail | null {
  const t = payload.split(' ');
  const [type, name, ip] = t;
  const port = portOf(t[3]);
  if (type === undefined || !KINDS.has(type) || name === undefined || ip === undefined || port === null) return null;
  const d: EventDetail = { type, name, ip, port };
  let rest = 4;
  const mport = portOf(t[7]);
  if (t[4] === '@' && t[5] !== undefined && t[6] !== undefined && mport !== null) {
    d.master = { name: t[5], ip: t[6], port: mport };
    rest = 8;
  }
  if (t.length > rest) d.extra = t.slice(rest).join(' ');
  return d;
}
