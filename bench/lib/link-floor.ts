/**
 * The Node floor of monitoring: a Node process that keeps, for each master,
 * the two links a sentinel keeps and sends what a sentinel sends on them,
 * with none of a sentinel's work, so that bench/idle-masters.ts can show
 * what the runtime alone costs per monitored master beside redis-sentinel
 * and ours, measured in the same run.
 *
 *   node dist/bench/lib/link-floor.js PORT [PORT ...]
 *
 * Per master, as a sentinel with default timings: a command link that sends
 * PING every second, INFO every 10 seconds and PUBLISH of a hello-sized
 * payload on __sentinel__:hello every 2 seconds, and a pub/sub link
 * SUBSCRIBEd to that channel (so each hello comes back once, as a
 * sentinel's own hellos do). One 100 ms timer sends what is due, as a
 * sentinel's tick does. Replies are read into one shared buffer and thrown
 * away: no parsing. Writes go through net.Socket, as ours' links do. Prints
 * `ready` once every link is connected.
 */
import * as net from 'node:net';

const TICK_MS = 100;
const PING_MS = 1000;
const INFO_MS = 10_000;
const HELLO_MS = 2000;

const READS = Buffer.allocUnsafeSlow(64 * 1024);

function command(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

const PING = command('PING');
const INFO = command('INFO');
// A hello as long as a sentinel's: ip, port, run id, epoch, master name, address, epoch.
const HELLO = command('PUBLISH', '__sentinel__:hello', `127.0.0.1,26379,${'0'.repeat(40)},0,m0,127.0.0.1,6379,0`);
const SUBSCRIBE = command('SUBSCRIBE', '__sentinel__:hello');

interface Links {
  cmd: net.Socket;
  pubsub: net.Socket;
  lastPing: number;
  lastInfo: number;
  lastHello: number;
}

function connect(port: number, onUp: () => void): net.Socket {
  const s = net.connect({ host: '127.0.0.1', port, onread: { buffer: READS, callback: () => true } });
  s.setNoDelay(true);
  s.setKeepAlive(true, 15000);
  s.on('error', (e) => {
    process.stderr.write(`link to ${port}: ${e.message}\n`);
    process.exit(1);
  });
  s.once('connect', onUp);
  return s;
}

function main(): void {
  const ports = process.argv.slice(2).map(Number);
  if (ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p <= 0)) throw new Error('usage: link-floor PORT [PORT ...]');
  let up = 0;
  const onUp = (): void => {
    if (++up === ports.length * 2) process.stdout.write('ready\n');
  };
  const all: Links[] = ports.map((port) => {
    const pubsub = connect(port, onUp);
    pubsub.write(SUBSCRIBE);
    return { cmd: connect(port, onUp), pubsub, lastPing: 0, lastInfo: 0, lastHello: 0 };
  });
  setInterval(() => {
    const now = Date.now();
    for (const l of all) {
      if (now - l.lastPing >= PING_MS) {
        l.cmd.write(PING);
        l.lastPing = now;
      }
      if (now - l.lastInfo >= INFO_MS) {
        l.cmd.write(INFO);
        l.lastInfo = now;
      }
      if (now - l.lastHello >= HELLO_MS) {
        l.cmd.write(HELLO);
        l.lastHello = now;
      }
    }
  }, TICK_MS);
  process.on('SIGTERM', () => process.exit(0));
}

main();
