/**
 * Is the process that wrote a row still alive? The app, `serve` and the CLI share one
 * database, so each needs to tell "another live Sweeplab is doing this" from "a process
 * died and left this behind" — without trusting a pid blindly, because pids are reused.
 *
 * A pid is taken as alive when a process with that number exists now, is not a zombie,
 * and the row was written after the last boot (a pid from before a reboot is someone
 * else's number). Rows written on another host cannot be checked and count as alive.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * A process whose parent was killed is re-parented to init; until init reaps it, it is a
 * zombie that `kill(pid, 0)` still reports as existing (containers whose init reaps
 * lazily keep them for seconds). On Linux, /proc says so; elsewhere assume not.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

export function pidExists(pid: number): boolean {
  // kill(0) and kill(-n) address process groups, not a process.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Milliseconds since the epoch at which this machine booted. */
export function bootTime(now = Date.now()): number {
  return now - os.uptime() * 1000;
}

/** This process as the owner of what it runs: its pid, its host, and a per-process token. */
export interface ProcessIdentity {
  pid: number;
  host: string;
  /** Random per process: tells this process from an earlier one that had the same pid. */
  token: string;
}

let self: ProcessIdentity | undefined;

export function processIdentity(): ProcessIdentity {
  self ??= { pid: process.pid, host: os.hostname(), token: `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}` };
  return self;
}

/** Whether an owner recorded as (pid, host, token, since) is a live process. */
export function ownerAlive(owner: { pid: number; host: string; token: string; since: number }, isAlive: (pid: number) => boolean = pidExists): boolean {
  const me = processIdentity();
  if (owner.token === me.token) return true;
  if (owner.host !== me.host) return true; // cannot check another machine: assume it is still working
  if (owner.pid === me.pid) return false; // our pid, not our token: an earlier process with our number
  return owner.since >= bootTime() && isAlive(owner.pid);
}
