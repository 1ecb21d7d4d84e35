/**
 * What the bundle gives redis-errors for `require('assert')` (see
 * scripts/bundle.mjs). redis-errors only asserts when it builds a
 * ParserError, i.e. on a protocol error from an instance, yet requiring
 * node:assert at load pulls in its error classes and colour support: about
 * 1.5 ms of the first tick, which runs before a start answers its first
 * client. node:assert is loaded at the first assertion instead, and does the
 * checking itself.
 */
import type * as NodeAssert from 'node:assert';

/** The two checks redis-errors makes, without TypeScript's assertion signatures. */
interface Checks {
  ok(value: unknown, message?: string | Error): void;
  strictEqual(actual: unknown, expected: unknown, message?: string | Error): void;
}

let real: Checks | undefined;

function load(): Checks {
  real ??= require('node:assert') as typeof NodeAssert as Checks;
  return real;
}

function assert(value: unknown, message?: string | Error): void {
  load().ok(value, message);
}

assert.strictEqual = (actual: unknown, expected: unknown, message?: string | Error): void => {
  load().strictEqual(actual, expected, message);
};

export = assert;
