/**
 * Assertions that also narrow a union for the code after them. A test that
 * narrowed with `if (!r.ok) return;` passed silently when the result had the
 * wrong kind; these fail instead, and print what came back.
 */
import { expect } from 'vitest';
import type { Result } from '../../src/config/result';

/** The value of an ok result; fails the test on an error. */
export function expectOk<T, E>(r: Result<T, E>): T {
  expect(r, 'expected an ok result').toMatchObject({ ok: true });
  if (!r.ok) throw new Error('unreachable: expect passed on an error result');
  return r.value;
}

/** The error of a failed result; fails the test on an ok one. */
export function expectErr<R extends { ok: true } | { ok: false; error: unknown }>(r: R): Extract<R, { ok: false }>['error'] {
  expect(r, 'expected an error result').toMatchObject({ ok: false });
  if (r.ok) throw new Error('unreachable: expect passed on an ok result');
  return (r as Extract<R, { ok: false }>).error;
}

/** `v` as the member of its union with this `kind`; fails the test on any other kind. */
export function expectKind<U extends { kind: string }, K extends U['kind']>(v: U, kind: K): Extract<U, { kind: K }> {
  expect(v.kind).toBe(kind);
  if (v.kind !== kind) throw new Error('unreachable: expect passed on another kind');
  return v as Extract<U, { kind: K }>;
}
