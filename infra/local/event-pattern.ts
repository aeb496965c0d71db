// EventBridge event-pattern matching for the local bus (rules, `events --pattern`, the SSE stream).
//
// Hand-written: npm has no maintained implementation of EventBridge's pattern semantics (the one
// JS port found, eb-patterns, is not on the registry; serverless-offline-aws-eventbridge's matcher
// is internal to a Serverless plugin and covers a few operators). This follows the operators and
// rules documented in the EventBridge user guide ("Event patterns", "Comparison operators",
// "Arrays in event patterns", "Matching null values"); tests/unit/event-pattern.test.ts checks each
// operator against the guide's own examples.
//
// Semantics, in short:
// - Every field named in the pattern must match (AND); the array of conditions at a leaf matches
//   when any of them does (OR); `$or` takes alternatives of whole sub-patterns.
// - A leaf of the event that is an array matches when any of its elements does; a pattern object
//   over an array of objects matches when one element matches all of it.
// - Values match by JSON type: "5" never equals 5; null matches only an explicit null.
// - `exists` looks at leaves: an object-valued field or an empty array does not "exist".
// - anything-but needs the field to be there, and matches any value the excluded set does not.
import { BlockList, isIP } from 'node:net';

export type Scalar = string | number | boolean | null;
export type Condition = Scalar | { [operator: string]: unknown };
/** A validated event pattern: fields to nested patterns or to a non-empty list of conditions. */
export interface EventPattern {
  [field: string]: EventPattern | Condition[] | EventPattern[];
}

/** EventBridge answers an invalid pattern with InvalidEventPatternException and this message. */
export class InvalidEventPatternError extends Error {
  constructor(reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
    this.name = 'InvalidEventPatternError';
  }
}

/** Numeric matching covers -5.0e9 .. +5.0e9 (EventBridge's documented range). */
const NUMERIC_LIMIT = 5e9;
const NUMERIC_OPERATORS = new Set(['<', '<=', '=', '>', '>=']);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown): value is Scalar =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

// ---------------------------------------------------------------------------------------------
// Compiling: validate once (PutRule), then match many events with small closures.

type ValueTest = (value: Scalar) => boolean;
/** A leaf condition; `present` is false when the field is missing (or not a leaf). */
interface LeafTest {
  exists?: boolean;
  test?: ValueTest;
}
type FieldMatcher = (event: unknown) => boolean;

const fail = (reason: string): never => {
  throw new InvalidEventPatternError(reason);
};

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') fail(`${what} must be a string.`);
  return value as string;
}

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
function compileWildcard(pattern: string): ValueTest {
  if (pattern.includes('**')) fail('Consecutive wildcard characters are not allowed.');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') fail('Invalid escape in wildcard pattern.');
      source += next === '*' ? '\\*' : '\\\\';
      i++;
    } else if (c === '*') source += '.*';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 's');
  return (v) => typeof v === 'string' && regex.test(v);
}

/** prefix / suffix: a string, or { "equals-ignore-case": string }. */
function compileAffix(kind: 'prefix' | 'suffix', operand: unknown): ValueTest {
  let ignoreCase = false;
  let affix: string;
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case')
      fail(`Unsupported ${kind} operand: only a string or {"equals-ignore-case": ...}.`);
    ignoreCase = true;
    affix = requireString(operand['equals-ignore-case'], `${kind} equals-ignore-case`);
  } else affix = requireString(operand, kind);
  const want = ignoreCase ? affix.toLowerCase() : affix;
  return (v) => {
    if (typeof v !== 'string') return false;
    const have = ignoreCase ? v.toLowerCase() : v;
    return kind === 'prefix' ? have.startsWith(want) : have.endsWith(want);
  };
}

function compileEqualsIgnoreCase(operand: unknown): ValueTest {
  const want = requireString(operand, 'equals-ignore-case').toLowerCase();
  return (v) => typeof v === 'string' && v.toLowerCase() === want;
}

/** [">", 0, "<=", 5], ["=", 3.018e2], ["<", 10] … : all comparisons must hold. */
function compileNumeric(operand: unknown): ValueTest {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4)
    fail('numeric takes one or two [operator, number] pairs.');
  const pairs: Array<[string, number]> = [];
  for (let i = 0; i < (operand as unknown[]).length; i += 2) {
    const op = (operand as unknown[])[i];
    const n = (operand as unknown[])[i + 1];
    if (typeof op !== 'string' || !NUMERIC_OPERATORS.has(op))
      fail(`Unrecognized numeric operator ${String(op)}.`);
    if (typeof n !== 'number' || !Number.isFinite(n)) fail('Value of numeric must be a number.');
    if (Math.abs(n as number) > NUMERIC_LIMIT) fail(`Numeric value out of range: ${String(n)}.`);
    pairs.push([op as string, n as number]);
  }
  if (pairs.length === 2) {
    const [[lowOp, low], [highOp, high]] = pairs as [[string, number], [string, number]];
    if (!(lowOp === '>' || lowOp === '>=') || !(highOp === '<' || highOp === '<='))
      fail('A numeric range is a lower bound (> or >=) followed by an upper bound (< or <=).');
    if (low >= high) fail('Bottom must be less than top in a numeric range.');
  }
  const holds = (v: number, [op, n]: [string, number]) =>
    op === '<' ? v < n : op === '<=' ? v <= n : op === '=' ? v === n : op === '>' ? v > n : v >= n;
  return (v) => typeof v === 'number' && pairs.every((pair) => holds(v, pair));
}

function compileCidr(operand: unknown): ValueTest {
  const text = requireString(operand, 'cidr');
  const match = /^(.+)\/(\d{1,3})$/.exec(text);
  const family = match ? isIP(match[1]!) : 0;
  const bits = match ? Number(match[2]) : -1;
  if (!match || family === 0 || bits > (family === 4 ? 32 : 128)) fail(`Malformed CIDR: ${text}.`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const block = new BlockList();
  block.addSubnet(match![1]!, bits, type);
  return (v) => typeof v === 'string' && isIP(v) === family && block.check(v, type);
}

/** The values anything-but excludes, as one test (true = excluded). */
function compileExcluded(operand: unknown): ValueTest {
  if (typeof operand === 'string' || typeof operand === 'number') return (v) => v === operand;
  if (Array.isArray(operand)) {
    if (operand.length === 0) fail('anything-but list must not be empty.');
    const allStrings = operand.every((x) => typeof x === 'string');
    const allNumbers = operand.every((x) => typeof x === 'number');
    if (!allStrings && !allNumbers) fail('anything-but list must hold only strings or only numbers.');
    const excluded = new Set<unknown>(operand);
    return (v) => excluded.has(v);
  }
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1) fail('anything-but takes one operator.');
    const [op] = keys as [string];
    const value = operand[op];
    const eachOf = (compile: (x: unknown) => ValueTest): ValueTest => {
      const list = Array.isArray(value) ? value : [value];
      if (list.length === 0) fail(`anything-but ${op} list must not be empty.`);
      const tests = list.map(compile);
      return (v) => tests.some((t) => t(v));
    };
    switch (op) {
      case 'prefix':
        return compileAffix('prefix', requireString(value, 'anything-but prefix'));
      case 'suffix':
        return compileAffix('suffix', requireString(value, 'anything-but suffix'));
      case 'equals-ignore-case':
        return eachOf(compileEqualsIgnoreCase);
      case 'wildcard':
        return eachOf((x) => compileWildcard(requireString(x, 'anything-but wildcard')));
      default:
        return fail(`Unsupported anything-but operator: ${op}.`);
    }
  }
  return fail('anything-but takes a string, a number, a list of either, or an operator object.');
}

function compileCondition(condition: unknown): LeafTest {
  if (isScalar(condition)) return { test: (v) => v === condition };
  if (!isPlainObject(condition))
    return fail('Match values must be strings, numbers, booleans, null or operator objects.');
  const keys = Object.keys(condition);
  if (keys.length !== 1) fail('An operator object holds exactly one operator.');
  const [op] = keys as [string];
  const operand = condition[op];
  switch (op) {
    case 'exists':
      if (typeof operand !== 'boolean') fail('exists takes true or false.');
      return { exists: operand as boolean };
    case 'prefix':
    case 'suffix':
      return { test: compileAffix(op, operand) };
    case 'equals-ignore-case':
      return { test: compileEqualsIgnoreCase(operand) };
    case 'wildcard':
      return { test: compileWildcard(requireString(operand, 'wildcard')) };
    case 'numeric':
      return { test: compileNumeric(operand) };
    case 'cidr':
      return { test: compileCidr(operand) };
    case 'anything-but': {
      const excluded = compileExcluded(operand);
      return { test: (v) => !excluded(v) };
    }
    default:
      return fail(`Unrecognized match type ${op}.`);
  }
}

/** The scalar values at a field: none when missing or an object; every scalar of an array. */
function leafValues(value: unknown, out: Scalar[] = []): Scalar[] {
  if (Array.isArray(value)) for (const item of value) leafValues(item, out);
  else if (isScalar(value)) out.push(value);
  return out;
}

function compileLeaf(conditions: unknown[]): (value: unknown) => boolean {
  if (conditions.length === 0) fail('Empty arrays are not allowed.');
  const tests = conditions.map(compileCondition);
  return (value) => {
    const values = leafValues(value);
    return tests.some((t) =>
      t.exists !== undefined ? t.exists === values.length > 0 : values.some((v) => t.test!(v)),
    );
  };
}

function compileObject(pattern: unknown, path: string): FieldMatcher {
  if (!isPlainObject(pattern)) return fail(`${path || 'The pattern'} must be a JSON object.`);
  const entries = Object.entries(pattern);
  if (entries.length === 0) fail(`${path || 'The pattern'} must name at least one field.`);
  const matchers: FieldMatcher[] = entries.map(([field, sub]) => {
    const where = path ? `${path}.${field}` : field;
    if (field === '$or') {
      if (!Array.isArray(sub) || sub.length < 2)
        fail('There must be at least 2 patterns in a $or relationship.');
      const alternatives = (sub as unknown[]).map((alt) => compileObject(alt, where));
      return (event) => alternatives.some((alt) => alt(event));
    }
    const valueOf = (event: unknown) => (isPlainObject(event) ? event[field] : undefined);
    if (Array.isArray(sub)) {
      const leaf = compileLeaf(sub);
      return (event) => leaf(valueOf(event));
    }
    if (isPlainObject(sub)) {
      const nested = compileObject(sub, where);
      return (event) => {
        const value = valueOf(event);
        // Over an array of objects, one element has to match the whole sub-pattern.
        if (Array.isArray(value) && value.length > 0) return value.some((item) => nested(item));
        return nested(value);
      };
    }
    return fail(`Match value of ${where} must be an array or an object.`);
  });
  return (event) => matchers.every((m) => m(event));
}

/** A compiled pattern: validated once, cheap to run. */
export interface CompiledPattern {
  readonly pattern: EventPattern;
  matches(event: unknown): boolean;
}

/**
 * Validates a pattern (a JSON string or a parsed object) the way PutRule does and compiles it.
 * Throws InvalidEventPatternError.
 */
export function compileEventPattern(pattern: unknown): CompiledPattern {
  let parsed: unknown = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch {
      fail('Filter is not valid JSON.');
    }
  }
  const match = compileObject(parsed, '');
  return { pattern: parsed as EventPattern, matches: match };
}

/** Does `event` match `pattern`? (Compiles the pattern each call: use compileEventPattern for many.) */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  return compileEventPattern(pattern).matches(event);
}
