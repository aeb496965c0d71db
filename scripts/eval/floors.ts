// The quality gate: each gated measure of `npm run eval` (a path into its JSON summary) has a floor in
// scripts/eval-floors.json, set a small margin under the measured value. `npm run eval -- --gate` fails when
// a measure falls below its floor; `npm run eval -- --update-floors` raises floors to (value − margin),
// never lowering one. Lowering a floor is a hand edit of the file, with the reason in the commit.
import { readFileSync, writeFileSync } from 'node:fs';

export interface Floor {
  /** What the measure is, for messages. */
  what: string;
  floor: number;
  /** How far under the measured value --update-floors sets the floor (same units as the value). */
  margin: number;
}

export interface FloorsFile {
  $comment?: string;
  floors: Record<string, Floor>;
}

export function readFloors(file: string): FloorsFile {
  return JSON.parse(readFileSync(file, 'utf8')) as FloorsFile;
}

/** The value at a dotted path of the summary ("quotes.polnear.f1"); booleans count as 1 and 0. */
export function valueAt(summary: unknown, path: string): number | null {
  let v: unknown = summary;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[key];
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export interface FloorCheck {
  path: string;
  what: string;
  value: number | null;
  floor: number;
  ok: boolean;
}

export function checkFloors(summary: unknown, floors: FloorsFile): FloorCheck[] {
  return Object.entries(floors.floors).map(([path, f]) => {
    const value = valueAt(summary, path);
    return { path, what: f.what, value, floor: f.floor, ok: value !== null && value >= f.floor };
  });
}

const roundDown = (x: number) => Math.floor(x * 1e4 + 1e-9) / 1e4;

/** Floors raised to (value − margin) where that is higher; returns the raised paths. */
export function raiseFloors(summary: unknown, floors: FloorsFile): string[] {
  const raised: string[] = [];
  for (const [path, f] of Object.entries(floors.floors)) {
    const value = valueAt(summary, path);
    if (value === null) continue;
    const next = roundDown(Math.max(0, value - f.margin));
    if (next > f.floor) {
      f.floor = next;
      raised.push(path);
    }
  }
  return raised;
}

export function writeFloors(file: string, floors: FloorsFile): void {
  writeFileSync(file, JSON.stringify(floors, null, 2) + '\n');
}

/** The gate's table and verdict, for stderr. */
export function formatFloorChecks(checks: FloorCheck[]): string {
  const fmt = (x: number | null) => (x === null ? 'missing' : String(Math.round(x * 1e4) / 1e4));
  const rows = checks.map(
    (c) =>
      `  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.what.padEnd(58)} ${fmt(c.value).padStart(8)}  (floor ${fmt(c.floor)})`,
  );
  return rows.join('\n') + '\n';
}
