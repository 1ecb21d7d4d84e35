import { announcedHost } from '../address';
import type { CommandCore } from './host';
import type { CommandFacts, CommandOutcome } from './outcome';
import { answer } from './outcome';
import { bulk } from './reply';
import { simulateFailureFlags } from './simulate-failure';

/** The lines of INFO's `# Sentinel` section, without its header. */
export function sentinelInfoLines(core: CommandCore, facts: CommandFacts): string[] {
  const scripts = facts.scripts ?? { running: 0, queued: 0 };
  const lines = [
    `sentinel_masters:${core.masters.size}`,
    `sentinel_tilt:${core.tilt ? 1 : 0}`,
    `sentinel_tilt_since_seconds:${core.tilt ? Math.floor((core.now - core.tiltStartTime) / 1000) : -1}`,
    `sentinel_running_scripts:${scripts.running}`,
    `sentinel_scripts_queue_length:${scripts.queued}`,
    `sentinel_simulate_failure_flags:${simulateFailureFlags(core)}`,
  ];
  let i = 0;
  for (const m of core.masters.values()) {
    const st = m.flags.oDown ? 'odown' : m.flags.sDown ? 'sdown' : 'ok';
    lines.push(`master${i}:name=${m.name},status=${st},address=${announcedHost(m, core.announceHostnames)}:${m.port},slaves=${m.slaves.size},sentinels=${m.sentinels.size + 1}`);
    i++;
  }
  return lines;
}

/** INFO SENTINEL as the core answers it: the section's lines, CRLF-separated, for the shell's INFO to place. */
export function infoSentinel(core: CommandCore, _args: readonly string[], facts: CommandFacts): CommandOutcome {
  return answer(bulk(sentinelInfoLines(core, facts).join('\r\n')));
}
