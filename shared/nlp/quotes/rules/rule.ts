// A rule is a small named value: what it recognises, examples of text it applies to and of text it
// leaves alone (run as unit tests), and the function that applies it. Families of rules live in the
// files beside this one; the extractor tries a family's rules in order and takes the first that applies.

export interface RuleExamples {
  /** Texts the rule applies to. */
  readonly match: readonly string[];
  /** Texts it must leave alone. */
  readonly noMatch: readonly string[];
  /** The examples need the attribution tagger's proposals (a rule about what the tagger proposes). */
  readonly withTagger?: boolean;
}

export interface Rule<Context, Result> {
  readonly id: string;
  /** One line: what the rule recognises. */
  readonly description: string;
  readonly examples: RuleExamples;
  /** The result, or null when the rule does not apply here. */
  readonly apply: (context: Context) => Result | null;
}

/** Any rule, whatever it works on (for listing, tests and the rules hash). */
export type AnyRule = Rule<never, unknown>;

export interface Matched<Result> {
  rule: string;
  result: Result;
}

/** The first rule of `rules` that applies to `context`; its id goes into `trace`. */
export function firstMatch<C, R>(
  rules: readonly Rule<C, R>[],
  context: C,
  trace?: Set<string>,
): Matched<R> | null {
  for (const rule of rules) {
    const result = rule.apply(context);
    if (result === null) continue;
    trace?.add(rule.id);
    return { rule: rule.id, result };
  }
  return null;
}

/** Provenance entry of a rule. */
export const viaRule = (id: string): string => `rule:${id}`;
