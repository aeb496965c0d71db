// The benchmark report calls a run "busy" when other work competed for the cores (scripts/bench/machine-load.ts).
import { describe, expect, it } from 'vitest';
import { describeLoad, machineWasBusy, type MachineLoad } from '../../scripts/bench/machine-load.js';

const load = (cores: number, samples: number[]): MachineLoad => ({ cores, samples });

describe('machine load during a benchmark run', () => {
  it('calls a 2-core machine running the benchmark alone quiet (its own process keeps the load near 1–1.5)', () => {
    expect(machineWasBusy(load(2, [0.5, 1.2, 1.5, 1.9]))).toBe(false);
  });

  it('calls it busy once more tasks wanted to run than there are cores', () => {
    expect(machineWasBusy(load(2, [0.5, 1.2, 2.6, 1.9]))).toBe(true);
  });

  it('judges against the core count', () => {
    expect(machineWasBusy(load(8, [3.5, 6]))).toBe(false);
    expect(machineWasBusy(load(1, [1.4]))).toBe(true);
  });

  it('describes the range', () => {
    expect(describeLoad(load(2, [1.5, 0.5, 1.25]))).toBe('0.5 to 1.5 over 3 samples (2 cores)');
  });
});
