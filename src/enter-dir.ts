import { toText } from './core/bytes';

/**
 * `dir`: the process works from the configured directory, as Redis does at
 * start-up (a start and --test-config alike); a directory it cannot enter
 * ends the process with Redis's message.
 */
export function enterConfiguredDir(dir: string | null): void {
  if (dir === null) return;
  try {
    process.chdir(toText(dir));
  } catch (e) {
    process.stderr.write(`Can't chdir to '${dir}': ${(e as Error).message}\n`);
    process.exit(1);
  }
}
