/**
 * Process-wide timing parameters (SENTINEL DEBUG). They are data, not
 * constants, so an operator can shorten them at run time and the simulation
 * can run the real rules at a different pace.
 */
export interface TimingParams {
  infoPeriod: number;
  pingPeriod: number;
  askPeriod: number;
  publishPeriod: number;
  defaultDownAfter: number;
  defaultFailoverTimeout: number;
  tiltTrigger: number;
  tiltPeriod: number;
  slaveReconfTimeout: number;
  minLinkReconnectPeriod: number;
  electionTimeout: number;
  scriptMaxRuntime: number;
  scriptRetryDelay: number;
}

export function defaultTiming(): TimingParams {
  return {
    infoPeriod: 10000,
    pingPeriod: 1000,
    askPeriod: 1000,
    publishPeriod: 2000,
    defaultDownAfter: 30000,
    defaultFailoverTimeout: 180000,
    tiltTrigger: 2000,
    tiltPeriod: 30000,
    slaveReconfTimeout: 10000,
    minLinkReconnectPeriod: 15000,
    electionTimeout: 10000,
    scriptMaxRuntime: 60000,
    scriptRetryDelay: 30000,
  };
}

/** SENTINEL DEBUG names, in the order the no-argument form lists them. */
export const TIMING_NAMES: ReadonlyArray<[string, keyof TimingParams]> = [
  ['INFO-PERIOD', 'infoPeriod'],
  ['PING-PERIOD', 'pingPeriod'],
  ['ASK-PERIOD', 'askPeriod'],
  ['PUBLISH-PERIOD', 'publishPeriod'],
  ['DEFAULT-DOWN-AFTER', 'defaultDownAfter'],
  ['DEFAULT-FAILOVER-TIMEOUT', 'defaultFailoverTimeout'],
  ['TILT-TRIGGER', 'tiltTrigger'],
  ['TILT-PERIOD', 'tiltPeriod'],
  ['SLAVE-RECONF-TIMEOUT', 'slaveReconfTimeout'],
  ['MIN-LINK-RECONNECT-PERIOD', 'minLinkReconnectPeriod'],
  ['ELECTION-TIMEOUT', 'electionTimeout'],
  ['SCRIPT-MAX-RUNTIME', 'scriptMaxRuntime'],
  ['SCRIPT-RETRY-DELAY', 'scriptRetryDelay'],
];

/** A replica that keeps failing to answer is skipped by select-slave after this many ping periods. */
export const SLAVE_SELECTION_PING_PERIODS = 5;
/** Replies above this many unanswered commands per link stop periodic commands (a wedged instance). */
export const MAX_PENDING_COMMANDS = 100;
/** Random spread added to failover start times so that sentinels do not all start in the same epoch. */
export const MAX_DESYNC_MS = 1000;
/** Votes for the master's state are considered stale after this many ask periods. */
export const ASK_VALIDITY_PERIODS = 5;

/*
 * Fast failover. redis-sentinel's periodic rounds (INFO every second during a
 * failover, an is-master-down round every second, one state per tick) are
 * most of its failover time; these pace the same questions while an answer
 * is all a failover is waiting for. They only make us ask sooner: what an
 * answer means, and what may be decided from it, does not change.
 */
/** INFO pace for a replica whose promotion or reconfiguration a failover is waiting to see. */
export const FAST_INFO_PERIOD_MS = 100;
/** is-master-down-by-addr pace towards a peer while our sdown still lacks the quorum or our election lacks votes. */
export const FAST_ASK_PERIOD_MS = 100;
/**
 * select-slave waits this long at most for the INFO replies asked for when the
 * failover started: it ranks replicas by replication offset, and redis-sentinel's
 * tick between the states gave those replies time to arrive.
 */
export const SELECT_SLAVE_INFO_WAIT_MS = 300;
/** The delay between one candidate's turn and the next one's (see candidacy.ts): several round trips. */
export const CANDIDACY_STEP_MS = 50;
/** The same, for standing again after a split vote: a loaded event loop can hold a vote request longer than a step. */
export const SPLIT_RETRY_STEP_MS = 250;
/** While the disk refuses our saves, how often a failover we want to start tries one first (see failover.ts). */
export const SAVE_RETRY_MS = 1000;
