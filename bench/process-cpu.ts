import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of named processes (user + system, from /proc on Linux), so a
 * benchmark can say where a decision's CPU goes, and how much of the machine
 * other work took while it ran. Elsewhere every reading is undefined.
 */
let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Seconds of CPU the process has used so far, or undefined when it cannot be read. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces; fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/** Seconds of CPU all cores have spent busy so far (the machine as a whole). */
export function machineBusySeconds(): number | undefined {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = ticks;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / clockTicks();
  } catch {
    return undefined;
  }
}

/** Ids of the processes whose command name is one of `names` (e.g. the local database server). */
export function pidsNamed(names: readonly string[]): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          return names.includes(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

export type CpuReading = Map<string, number | undefined>;

/** CPU seconds per labelled group of processes; `machine` is every core's busy time. */
export function readCpu(groups: ReadonlyMap<string, readonly number[]>): CpuReading {
  const reading: CpuReading = new Map();
  for (const [label, pids] of groups) {
    const seconds = pids.map(processCpuSeconds);
    reading.set(
      label,
      seconds.length === 0 || seconds.some((value) => value === undefined)
        ? undefined
        : seconds.reduce<number>((sum, value) => sum + (value ?? 0), 0),
    );
  }
  reading.set('machine', machineBusySeconds());
  return reading;
}

/** CPU seconds each group used between two readings. */
export function cpuBetween(before: CpuReading, after: CpuReading): Map<string, number | undefined> {
  return new Map(
    [...after].map(([label, value]) => {
      const start = before.get(label);
      return [label, value === undefined || start === undefined ? undefined : value - start];
    }),
  );
}
