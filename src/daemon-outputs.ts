import type { Output } from './core/output';

/**
 * The shell's side of the core contract: one method per output type. The
 * daemon implements it with real sockets, files and processes; tests can
 * implement it with recorders.
 */
export interface OutputSink {
  connect(o: Extract<Output, { type: 'connect' }>): void;
  close(o: Extract<Output, { type: 'close' }>): void;
  send(o: Extract<Output, { type: 'send' }>): void;
  event(o: Extract<Output, { type: 'event' }>): void;
  logLine(o: Extract<Output, { type: 'log' }>): void;
  flush(durable: boolean): void;
  clientReconfigScript(o: Extract<Output, { type: 'client-reconfig-script' }>): void;
  crash(o: Extract<Output, { type: 'crash' }>): void;
  resolve(o: Extract<Output, { type: 'resolve' }>): void;
}

export function perform(outputs: readonly Output[], sink: OutputSink): void {
  for (const o of outputs) {
    switch (o.type) {
      case 'connect':
        sink.connect(o);
        break;
      case 'close':
        sink.close(o);
        break;
      case 'send':
        sink.send(o);
        break;
      case 'event':
        sink.event(o);
        break;
      case 'log':
        sink.logLine(o);
        break;
      case 'flush':
        // One rendering per request, as redis-sentinel does: the file layout
        // (blank lines between appended blocks) depends on it.
        sink.flush(o.durable);
        break;
      case 'client-reconfig-script':
        sink.clientReconfigScript(o);
        break;
      case 'resolve':
        sink.resolve(o);
        break;
      case 'crash':
        sink.crash(o);
        return;
    }
  }
}
