// Calibration of a confidence: a reliability table (10 equal-width bins) and the expected calibration error
// ECE = Σ_b (n_b / N) · |accuracy_b − mean confidence_b|. A well calibrated 0.8 is right 80 % of the time.

export interface Judged {
  confidence: number;
  correct: boolean;
}

export interface ReliabilityBin {
  /** The bin is [from, to), the last one [0.9, 1]. */
  from: number;
  to: number;
  count: number;
  meanConfidence: number | null;
  accuracy: number | null;
}

export interface Calibration {
  count: number;
  bins: ReliabilityBin[];
  /** Expected calibration error (0–1). */
  ece: number;
  /** Mean confidence and accuracy over all. */
  meanConfidence: number;
  accuracy: number;
}

export const BIN_COUNT = 10;

/** Reliability table and ECE of judged confidences; null when there are none. */
export function calibration(judged: Judged[]): Calibration | null {
  if (!judged.length) return null;
  const sums = Array.from({ length: BIN_COUNT }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const { confidence, correct } of judged) {
    const b = sums[Math.min(BIN_COUNT - 1, Math.max(0, Math.floor(confidence * BIN_COUNT)))]!;
    b.count++;
    b.confidence += confidence;
    if (correct) b.correct++;
  }
  const n = judged.length;
  let ece = 0;
  const bins = sums.map((b, i) => {
    const meanConfidence = b.count ? b.confidence / b.count : null;
    const accuracy = b.count ? b.correct / b.count : null;
    if (b.count) ece += (b.count / n) * Math.abs(accuracy! - meanConfidence!);
    return { from: i / BIN_COUNT, to: (i + 1) / BIN_COUNT, count: b.count, meanConfidence, accuracy };
  });
  return {
    count: n,
    bins,
    ece,
    meanConfidence: judged.reduce((s, j) => s + j.confidence, 0) / n,
    accuracy: judged.filter((j) => j.correct).length / n,
  };
}

const pct = (x: number | null) => (x === null ? '    -' : (100 * x).toFixed(1).padStart(5));

/** The reliability table as text lines, one per non-empty bin. */
export function formatCalibration(name: string, c: Calibration | null): string {
  if (!c) return `  ${name}: not reported (no output carries it)\n`;
  const rows = c.bins
    .filter((b) => b.count)
    .map(
      (b) =>
        `    ${b.from.toFixed(1)}–${b.to.toFixed(1)}  ${String(b.count).padStart(5)}  ${pct(b.meanConfidence)}  ${pct(b.accuracy)}\n`,
    );
  return (
    `  ${name}: ECE ${c.ece.toFixed(3)} over ${c.count} (mean confidence ${pct(c.meanConfidence).trim()}, accuracy ${pct(c.accuracy).trim()})\n` +
    `    bin        count   conf   acc\n` +
    rows.join('')
  );
}
