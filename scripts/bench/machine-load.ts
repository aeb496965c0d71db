// How loaded the machine was while the benchmarks ran: the 1-minute load average, sampled before each
// benchmark and at the end. The benchmarks themselves keep about one task runnable (the process being
// measured), so a machine running them alone shows a load of 1–1.5 whatever its core count.
import { cpus, loadavg } from 'node:os';

export interface MachineLoad {
  cores: number;
  /** 1-minute load averages, in the order sampled. */
  samples: number[];
}

export function newMachineLoad(cores = cpus().length): MachineLoad {
  return { cores, samples: [] };
}

export function sampleLoad(load: MachineLoad, now = loadavg()[0]!): void {
  load.samples.push(now);
}

/**
 * Busy: at some point more tasks wanted to run than there are cores, so the benchmark's process had to
 * share its core and wall-clock figures stretched. Judged against the core count (a load of 1.5 is
 * a quiet 2-core machine running the benchmark, not a busy one).
 */
export function machineWasBusy(load: MachineLoad): boolean {
  return load.samples.some((l) => l > load.cores);
}

/** "0.5 to 1.8 (2 cores)" */
export function describeLoad(load: MachineLoad): string {
  const min = Math.min(...load.samples);
  const max = Math.max(...load.samples);
  return `${min.toFixed(1)} to ${max.toFixed(1)} over ${load.samples.length} samples (${load.cores} cores)`;
}
