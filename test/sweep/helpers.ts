/** Shared by the config tests: a scratch folder for config files, and catching a refusal. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { ConfigError } from '../../src-main/sweep/configFile';

/** A temporary folder removed after the file's tests, and a way to write files into it. */
export function scratchDir(prefix: string): { dir: string; write(name: string, text: string): string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, text) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}

/** The ConfigError `fn` throws; fails the test if it throws nothing or something else. */
export function refusal(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}
