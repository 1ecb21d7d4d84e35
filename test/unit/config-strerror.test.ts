import { describe, expect, it } from 'vitest';
import { socketStrerror, strerror } from '../../src/config/strerror';

const thrown = (code: string | undefined, message: string): Error => Object.assign(new Error(message), code === undefined ? {} : { code });

/**
 * One strerror table for files, listeners and links (it was three). The two
 * callers differ only for a code the table lacks: a file error prints the
 * code, a socket error Node's message, as each did before.
 */
describe('strerror', () => {
  it.each([
    ['ENOENT', 'No such file or directory'],
    ['EACCES', 'Permission denied'],
    ['EADDRINUSE', 'Address already in use'],
    ['ECONNREFUSED', 'Connection refused'],
    ['ETIMEDOUT', 'Connection timed out'],
    ['ENOTFOUND', 'Name or service not known'],
  ])('%s is %j for files and sockets alike', (code, text) => {
    expect(strerror(thrown(code, 'node text'))).toBe(text);
    expect(socketStrerror(thrown(code, 'node text'))).toBe(text);
  });
  it('prints an unknown code as itself for files, as Node said it for sockets', () => {
    expect(strerror(thrown('EWEIRD', 'weird thing'))).toBe('EWEIRD');
    expect(socketStrerror(thrown('ECONNRESET', 'read ECONNRESET'))).toBe('read ECONNRESET');
    expect(strerror(thrown(undefined, 'plain'))).toBe('plain');
    expect(socketStrerror(thrown(undefined, 'plain'))).toBe('plain');
    expect(strerror({ code: 'ENOTDIR' })).toBe('Not a directory');
  });
});
