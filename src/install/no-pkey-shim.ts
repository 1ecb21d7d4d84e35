/**
 * Writes a tiny x86-64 ELF shared object that defines `pkey_alloc` as "no
 * key" (returns -1 without a system call); bin/debian-install.sh puts it in
 * /usr/lib/redis-sentinel-ts and the launcher preloads it into node.
 *
 * Why: Debian's redis-sentinel.service filters system calls with
 * SystemCallFilter=@system-service, whose default action kills the process,
 * and pkey_alloc is not in that set. Node 20's V8 asks for a memory
 * protection key in V8::Initialize on every x86-64 Linux, JIT or not, so
 * node dies with SIGSYS before running a line (seen under systemd 252).
 * V8 treats -1 as "no protection keys here", the answer it gets anyway on
 * CPUs without them. A preload cannot be written in JavaScript, and a C
 * compiler is not something a Debian server has, so the object is
 * assembled here: two loadable segments (code read+execute, the dynamic
 * table read+write, because ld.so relocates that table in place and
 * MemoryDenyWriteExecute forbids a segment that is both), a non-executable
 * stack, one symbol found through a one-bucket DT_HASH table.
 *
 *   node dist/src/install/no-pkey-shim.js OUT.so
 */
import * as fs from 'node:fs';

const PAGE = 0x1000;
const EHDR = 64;
const PHDR = 56;
const PHNUM = 4;
const SYM = 24;
const DYN = 16;

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_GNU_STACK = 0x6474e551;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
const DT_NULL = 0;
const DT_HASH = 4;
const DT_STRTAB = 5;
const DT_SYMTAB = 6;
const DT_STRSZ = 10;
const DT_SYMENT = 11;
const DT_SONAME = 14;

const SONAME = 'redis-sentinel-ts-no-pkey.so';
const SYMBOL = 'pkey_alloc';
// mov eax, -1 ; ret
const CODE = Buffer.from([0xb8, 0xff, 0xff, 0xff, 0xff, 0xc3]);

const align = (n: number, a: number): number => Math.ceil(n / a) * a;

export function noPkeyShim(): Buffer {
  const hashOff = EHDR + PHNUM * PHDR;
  const hashSize = 5 * 4; // nbucket, nchain, bucket[0], chain[0..1]
  const symOff = align(hashOff + hashSize, 8);
  const strtab = Buffer.from(`\0${SYMBOL}\0${SONAME}\0`, 'latin1');
  const strOff = symOff + 2 * SYM;
  const codeOff = align(strOff + strtab.length, 16);
  const textEnd = codeOff + CODE.length;
  const dynOff = PAGE;
  const dyn: Array<[number, number]> = [
    [DT_HASH, hashOff],
    [DT_STRTAB, strOff],
    [DT_SYMTAB, symOff],
    [DT_STRSZ, strtab.length],
    [DT_SYMENT, SYM],
    [DT_SONAME, 1 + SYMBOL.length + 1],
    [DT_NULL, 0],
  ];
  const dynSize = dyn.length * DYN;
  const b = Buffer.alloc(dynOff + dynSize);

  // ELF header: 64-bit, little-endian, current version, shared object, x86-64, no sections.
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(b, 0);
  b.writeUInt16LE(3, 16);
  b.writeUInt16LE(62, 18);
  b.writeUInt32LE(1, 20);
  b.writeBigUInt64LE(0n, 24);
  b.writeBigUInt64LE(BigInt(EHDR), 32);
  b.writeBigUInt64LE(0n, 40);
  b.writeUInt32LE(0, 48);
  b.writeUInt16LE(EHDR, 52);
  b.writeUInt16LE(PHDR, 54);
  b.writeUInt16LE(PHNUM, 56);
  b.writeUInt16LE(64, 58);
  b.writeUInt16LE(0, 60);
  b.writeUInt16LE(0, 62);

  const phdr = (i: number, type: number, flags: number, off: number, size: number, al: number): void => {
    const p = EHDR + i * PHDR;
    b.writeUInt32LE(type, p);
    b.writeUInt32LE(flags, p + 4);
    b.writeBigUInt64LE(BigInt(off), p + 8);
    b.writeBigUInt64LE(BigInt(off), p + 16);
    b.writeBigUInt64LE(BigInt(off), p + 24);
    b.writeBigUInt64LE(BigInt(size), p + 32);
    b.writeBigUInt64LE(BigInt(size), p + 40);
    b.writeBigUInt64LE(BigInt(al), p + 48);
  };
  phdr(0, PT_LOAD, PF_R | PF_X, 0, textEnd, PAGE);
  phdr(1, PT_LOAD, PF_R | PF_W, dynOff, dynSize, PAGE);
  phdr(2, PT_DYNAMIC, PF_R | PF_W, dynOff, dynSize, 8);
  phdr(3, PT_GNU_STACK, PF_R | PF_W, 0, 0, 16);

  // One bucket holding symbol 1; its chain ends at once.
  [1, 2, 1, 0, 0].forEach((v, i) => b.writeUInt32LE(v, hashOff + 4 * i));
  // Symbol 0 is the null symbol. Symbol 1: global function, in a defined
  // section (ld.so only tells defined from undefined), at the code.
  const s = symOff + SYM;
  b.writeUInt32LE(1, s);
  b.writeUInt8((1 << 4) | 2, s + 4);
  b.writeUInt8(0, s + 5);
  b.writeUInt16LE(1, s + 6);
  b.writeBigUInt64LE(BigInt(codeOff), s + 8);
  b.writeBigUInt64LE(BigInt(CODE.length), s + 16);
  strtab.copy(b, strOff);
  CODE.copy(b, codeOff);
  dyn.forEach(([tag, val], i) => {
    b.writeBigInt64LE(BigInt(tag), dynOff + i * DYN);
    b.writeBigUInt64LE(BigInt(val), dynOff + i * DYN + 8);
  });
  return b;
}

if (require.main === module) {
  const out = process.argv[2];
  if (out === undefined) {
    process.stderr.write('usage: no-pkey-shim.js OUT.so\n');
    process.exit(2);
  }
  fs.writeFileSync(out, noPkeyShim(), { mode: 0o644 });
}
