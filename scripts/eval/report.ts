// The quote evaluation's report on stderr: headline numbers, breakdown tables, calibration.
import { formatCalibration } from './calibration.js';
import type { Breakdown, PolnearResult } from './polnear-eval.js';

const pct = (x: number | null) => (x === null ? '-' : (100 * x).toFixed(1));
const col = (s: string | number, width: number) => String(s).padStart(width);

function table(title: string, rows: Record<string, Breakdown>, sides: 'both' | 'gold' | 'predicted'): string {
  const head =
    sides === 'predicted'
      ? `    ${title.padEnd(22)}  pred   prec  speaker\n`
      : sides === 'gold'
        ? `    ${title.padEnd(22)}  gold recall  speaker\n`
        : `    ${title.padEnd(22)}  gold recall   pred   prec  speaker\n`;
  const lines = Object.entries(rows).map(([name, b]) => {
    const gold = `${col(b.gold, 5)} ${col(pct(b.recall), 6)}`;
    const pred = `${col(b.predicted, 6)} ${col(pct(b.precision), 6)}`;
    const speaker = `${col(pct(b.speakerAccuracy), 7)} (${b.speakerRight}/${b.speakerJudged})`;
    const cells = sides === 'predicted' ? `${pred}` : sides === 'gold' ? gold : `${gold} ${pred}`;
    return `      ${name.padEnd(20)}  ${cells}  ${speaker}\n`;
  });
  return head + lines.join('');
}

/** The full report of one PolNeAR evaluation. */
export function formatPolnear(label: string, r: PolnearResult, seconds: number): string {
  const c = r.cuelessContinuation;
  const p = r.cuelessContinuationPredicted;
  return (
    `${label} (${r.documents} documents): content P ${pct(r.precision)}  R ${pct(r.recall)}  F1 ${pct(r.f1)}` +
    `  (gold ${r.gold}, predicted ${r.predicted}, matched ${r.matched})\n` +
    `  speaker accuracy on matched quotes ${pct(r.speakerAccuracy)}; direct-quote recall ${pct(r.directRecall)} of ${r.directGold}\n` +
    `  split quotes grouped into one attribution (PolNeAR's unit): P ${pct(r.relations.precision)}  R ${pct(r.relations.recall)}` +
    `  F1 ${pct(r.relations.f1)}; speaker accuracy ${pct(r.relations.speakerAccuracy)}; direct-quote recall ${pct(r.relations.directRecall)}\n` +
    `  cue-less continuation quotes (direct, no cue in their own sentence): gold ${c.gold}, recall ${pct(c.recall)}, ` +
    `right speaker ${pct(c.speakerAccuracy)} (${c.speakerRight}/${c.speakerJudged}); predicted ${p.predicted}, ` +
    `precision ${pct(p.precision)}, right speaker ${pct(p.speakerAccuracy)} (${p.speakerRight}/${p.speakerJudged})\n` +
    `  breakdowns (recall by the gold category, precision by the predicted one; speaker accuracy on matched quotes):\n` +
    table('quote type', r.byType, 'both') +
    table('cue class', r.byCueClass, 'both') +
    table('gold speaker mention', r.bySpeakerMention, 'gold') +
    table('predicted speaker', r.bySpeakerResolution, 'predicted') +
    formatCalibration('quote confidence', r.calibration.quote) +
    formatCalibration('speaker confidence', r.calibration.speaker) +
    `  (${seconds.toFixed(1)} s)\n`
  );
}
