// Rules of the local bus: PutRule / DescribeRule / ListRules / EnableRule / DisableRule / DeleteRule
// and PutTargets / RemoveTargets / ListTargetsByRule, with EventBridge's validation and error
// codes. Rules are kept in `<stateDir>/rules.json` (rewritten on every change), so they survive a
// restart of the local stack as they would on AWS.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { compileEventPattern, InvalidEventPatternError, type CompiledPattern } from './event-pattern.js';
import { isDeliverableTarget, type RuleTarget } from './rule-targets.js';

export type RuleState = 'ENABLED' | 'DISABLED';

/** A rule as stored and as DescribeRule returns it (plus its targets). */
export interface StoredRule {
  Name: string;
  Arn: string;
  EventBusName: string;
  EventPattern: string;
  State: RuleState;
  Description?: string;
  RoleArn?: string;
  CreatedBy: string;
  Targets: RuleTarget[];
}

/** A request the bus rejects as a whole: HTTP 400 with this error type. */
export class BusApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** EventBridge's per-rule target limit. */
export const MAX_TARGETS_PER_RULE = 5;
const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const RULES_FILE_VERSION = 1;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function requireName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new BusApiError(
      'ValidationException',
      `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`,
    );
  }
  return value;
}

export interface BusRulesOptions {
  region: string;
  accountId: string;
  /** Buses rules may be put on (names). */
  busNames: Set<string>;
  /** Persist rules here (JSON); nothing is persisted when absent. */
  rulesFile?: string;
}

/** The rules of every bus of the local EventBridge. */
export class BusRules {
  private readonly rules = new Map<string, { rule: StoredRule; pattern: CompiledPattern }>();
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: BusRulesOptions) {}

  /** Reads the rules file, if any (a missing file is an empty rule set). */
  async load(): Promise<void> {
    const file = this.options.rulesFile;
    if (!file) return;
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (text === null) return;
    const saved = JSON.parse(text) as { version?: number; rules?: StoredRule[] };
    if (saved.version !== RULES_FILE_VERSION || !Array.isArray(saved.rules))
      throw new Error(`${file} is not a rules file this version understands.`);
    for (const rule of saved.rules) {
      this.options.busNames.add(rule.EventBusName);
      this.rules.set(key(rule.EventBusName, rule.Name), {
        rule,
        pattern: compileEventPattern(rule.EventPattern),
      });
    }
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.saving;
  }

  /** Enabled rules of `bus` whose pattern matches `event`. */
  matching(bus: string, event: unknown): StoredRule[] {
    const out: StoredRule[] = [];
    for (const { rule, pattern } of this.rules.values()) {
      if (rule.EventBusName === bus && rule.State === 'ENABLED' && pattern.matches(event)) out.push(rule);
    }
    return out;
  }

  ruleArn(bus: string, name: string): string {
    const { region, accountId } = this.options;
    return `arn:aws:events:${region}:${accountId}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;
  }

  putRule(body: Record<string, unknown>): { RuleArn: string } {
    const name = requireName(body.Name, 'name');
    const bus = this.bus(body.EventBusName);
    if (body.ScheduleExpression !== undefined)
      throw new BusApiError('ValidationException', 'The local bus does not run scheduled rules.');
    const patternText = str(body.EventPattern);
    if (patternText === undefined)
      throw new BusApiError(
        'ValidationException',
        'Parameter(s) EventPattern or ScheduleExpression must be specified.',
      );
    let pattern: CompiledPattern;
    try {
      pattern = compileEventPattern(patternText);
    } catch (err) {
      if (err instanceof InvalidEventPatternError)
        throw new BusApiError('InvalidEventPatternException', err.message);
      throw err;
    }
    const state = body.State ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED')
      throw new BusApiError(
        'ValidationException',
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the value as the caller sent it
        `State ${String(state)} is not supported by the local bus.`,
      );
    const existing = this.rules.get(key(bus, name))?.rule;
    const rule: StoredRule = {
      Name: name,
      Arn: this.ruleArn(bus, name),
      EventBusName: bus,
      EventPattern: patternText,
      State: state,
      ...(str(body.Description) !== undefined ? { Description: str(body.Description) } : {}),
      ...(str(body.RoleArn) !== undefined ? { RoleArn: str(body.RoleArn) } : {}),
      CreatedBy: this.options.accountId,
      Targets: existing?.Targets ?? [],
    };
    this.rules.set(key(bus, name), { rule, pattern });
    this.save();
    return { RuleArn: rule.Arn };
  }

  describeRule(body: Record<string, unknown>): Omit<StoredRule, 'Targets'> {
    const { Targets: _targets, ...rule } = this.get(body.Name, body.EventBusName);
    return rule;
  }

  listRules(body: Record<string, unknown>): {
    Rules: Array<Omit<StoredRule, 'Targets' | 'CreatedBy' | 'RoleArn'>>;
    NextToken?: string;
  } {
    const bus = this.bus(body.EventBusName);
    const prefix = str(body.NamePrefix) ?? '';
    const rules = [...this.rules.values()]
      .map(({ rule }) => rule)
      .filter((r) => r.EventBusName === bus && r.Name.startsWith(prefix))
      .sort((a, b) => (a.Name < b.Name ? -1 : 1))
      .map(({ Targets: _t, CreatedBy: _c, RoleArn: _r, ...rule }) => rule);
    return page(rules, body, 'Rules');
  }

  setState(body: Record<string, unknown>, state: RuleState): Record<string, never> {
    const rule = this.get(body.Name, body.EventBusName);
    rule.State = state;
    this.save();
    return {};
  }

  deleteRule(body: Record<string, unknown>): Record<string, never> {
    const name = requireName(body.Name, 'name');
    const bus = this.bus(body.EventBusName);
    const entry = this.rules.get(key(bus, name));
    if (!entry) return {}; // DeleteRule of a missing rule succeeds on EventBridge.
    if (entry.rule.Targets.length > 0)
      throw new BusApiError('ValidationException', "Rule can't be deleted since it has targets.");
    this.rules.delete(key(bus, name));
    this.save();
    return {};
  }

  putTargets(body: Record<string, unknown>): { FailedEntryCount: number; FailedEntries: unknown[] } {
    const rule = this.get(body.Rule, body.EventBusName, 'rule');
    const targets = body.Targets;
    if (!Array.isArray(targets) || targets.length === 0 || targets.length > 10)
      throw new BusApiError('ValidationException', 'Targets must hold 1 to 10 targets.');
    for (const target of targets as Array<Record<string, unknown>>) {
      requireName(target?.Id, 'targets.id');
      const arn = str(target.Arn);
      if (!arn || !isDeliverableTarget(arn)) {
        throw new BusApiError(
          'ValidationException',
          `Target ${String(target.Id)}: the local bus delivers to SQS queues (arn:aws:sqs:…) and HTTP endpoints (http://…), not to ${String(arn)}.`,
        );
      }
      const transforms = ['Input', 'InputPath', 'InputTransformer'].filter((f) => target[f] !== undefined);
      if (transforms.length > 1)
        throw new BusApiError(
          'ValidationException',
          `Target ${String(target.Id)}: only one of Input, InputPath and InputTransformer.`,
        );
      if (typeof target.Input === 'string') {
        try {
          JSON.parse(target.Input);
        } catch {
          throw new BusApiError(
            'ValidationException',
            `Target ${String(target.Id)}: Input is not valid JSON.`,
          );
        }
      }
    }
    const byId = new Map(rule.Targets.map((t) => [t.Id, t]));
    for (const target of targets as RuleTarget[]) byId.set(target.Id, target);
    if (byId.size > MAX_TARGETS_PER_RULE)
      throw new BusApiError(
        'LimitExceededException',
        `The requested resource exceeds the maximum number allowed (${MAX_TARGETS_PER_RULE} targets per rule).`,
      );
    rule.Targets = [...byId.values()];
    this.save();
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  removeTargets(body: Record<string, unknown>): { FailedEntryCount: number; FailedEntries: unknown[] } {
    const rule = this.get(body.Rule, body.EventBusName, 'rule');
    const ids = body.Ids;
    if (!Array.isArray(ids) || ids.length === 0)
      throw new BusApiError('ValidationException', 'Ids must hold at least one target id.');
    const failed: Array<{ TargetId: string; ErrorCode: string; ErrorMessage: string }> = [];
    for (const id of ids as string[]) {
      if (!rule.Targets.some((t) => t.Id === id))
        failed.push({
          TargetId: id,
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: `Target ${id} not found.`,
        });
    }
    rule.Targets = rule.Targets.filter((t) => !ids.includes(t.Id));
    this.save();
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  }

  listTargetsByRule(body: Record<string, unknown>): { Targets: RuleTarget[]; NextToken?: string } {
    const rule = this.get(body.Rule, body.EventBusName, 'rule');
    return page(rule.Targets, body, 'Targets');
  }

  listRuleNamesByTarget(body: Record<string, unknown>): { RuleNames: string[]; NextToken?: string } {
    const bus = this.bus(body.EventBusName);
    const arn = str(body.TargetArn);
    const names = [...this.rules.values()]
      .map(({ rule }) => rule)
      .filter((r) => r.EventBusName === bus && r.Targets.some((t) => t.Arn === arn))
      .map((r) => r.Name)
      .sort();
    return page(names, body, 'RuleNames');
  }

  /** Name or ARN of a bus that exists (default: `default`). */
  bus(value: unknown): string {
    const name = busNameOf(value);
    if (!this.options.busNames.has(name))
      throw new BusApiError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
    return name;
  }

  private get(nameValue: unknown, busValue: unknown, field = 'name'): StoredRule {
    const name = requireName(nameValue, field);
    const bus = this.bus(busValue);
    const entry = this.rules.get(key(bus, name));
    if (!entry)
      throw new BusApiError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`);
    return entry.rule;
  }

  private save(): void {
    const file = this.options.rulesFile;
    if (!file) return;
    const rules = [...this.rules.values()].map(({ rule }) => rule);
    const text = JSON.stringify({ version: RULES_FILE_VERSION, rules }, null, 2) + '\n';
    // Serialised, each write whole (temporary file + rename): a crash never leaves half a file.
    this.saving = this.saving
      .then(async () => {
        await writeFile(`${file}.tmp`, text);
        await rename(`${file}.tmp`, file);
      })
      .catch(() => undefined);
  }
}

const key = (bus: string, name: string) => `${bus}\u0000${name}`;

/** `my-bus` or `arn:aws:events:<region>:<account>:event-bus/my-bus` → `my-bus`. */
export function busNameOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'default';
  const arn = /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(value);
  return arn?.[1] ?? value;
}

/** Limit/NextToken paging as the List* APIs do it (the token is an opaque offset). */
function page<T, K extends string>(
  items: T[],
  body: Record<string, unknown>,
  field: K,
): { [P in K]: T[] } & { NextToken?: string } {
  const limit = typeof body.Limit === 'number' && body.Limit > 0 ? Math.min(body.Limit, 100) : 100;
  const start =
    typeof body.NextToken === 'string' ? Number(Buffer.from(body.NextToken, 'base64url').toString()) || 0 : 0;
  const slice = items.slice(start, start + limit);
  const next =
    start + limit < items.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
  return { [field]: slice, ...(next ? { NextToken: next } : {}) } as { [P in K]: T[] } & {
    NextToken?: string;
  };
}
