/** A stand-in for systemd's notify socket (notify-receiver.py), with the kernel-reported sender of each datagram. */
import { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { isRunning, spawnTracked } from './processes';
import { AbortWait, waitFor } from './wait';

const RECEIVER = path.join(__dirname, 'notify-receiver.py');

export interface Received {
  pid: number;
  message: string;
}

/** Binds a notify socket: `name` is a path or '@abstract'. The child is tracked (killAllTracked stops it). */
export async function startReceiver(name: string): Promise<{ child: ChildProcess; got: Received[] }> {
  const child = spawnTracked('notify receiver', 'python3', [RECEIVER, name], { stdio: ['ignore', 'pipe', 'inherit'] });
  const got: Received[] = [];
  let listening = false;
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line === 'listening') listening = true;
      const tab = line.indexOf('\t');
      if (tab > 0) got.push({ pid: Number(line.slice(0, tab)), message: line.slice(tab + 1) });
    }
  });
  await waitFor(() => {
    if (!isRunning(child)) throw new AbortWait('the receiver exited');
    return listening;
  }, 5000, 20, 'the notify receiver');
  return { child, got };
}
