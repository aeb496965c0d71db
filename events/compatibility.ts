// Does a new version of an event schema break consumers of the published one? Compares two JSON
// Schemas (as z.toJSONSchema writes them: no $ref; unions as anyOf; nullable as a type list or
// anyOf with null) field by field.
//
// Breaking (needs a new major schemaVersion): a field removed; a field retyped (a JSON type, or a
// string format, added or taken away: nullable counts); a field that becomes required (new, or
// optional before); a required field that becomes optional; an enum value removed.
// Not breaking: a new optional field; a new enum value (consumers must tolerate unknown values);
// descriptions, bounds and patterns.

export type JsonSchema = Record<string, unknown>;

export interface BreakingChange {
  /** Where, as a JSON path into the event detail: `$.quotes[].speaker.name`. */
  path: string;
  change: string;
}

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One alternative of a schema node: a single JSON type (string formats kept apart). */
interface Branch {
  kind: string;
  node: JsonSchema;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Splits anyOf / oneOf / type lists / enums into single-type branches. */
function branches(node: JsonSchema): Branch[] {
  const alternatives = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alternatives)) {
    const { anyOf: _a, oneOf: _o, ...rest } = node;
    return alternatives.flatMap((alt) => branches({ ...rest, ...alt }));
  }
  let types: string[];
  if (Array.isArray(node.type)) types = node.type as string[];
  else if (typeof node.type === 'string') types = [node.type];
  else if (Array.isArray(node.enum)) types = [...new Set((node.enum as unknown[]).map(jsonTypeOf))];
  else if ('const' in node) types = [jsonTypeOf(node.const)];
  else types = ['any'];
  return types.map((type) => {
    const kind = type === 'string' && typeof node.format === 'string' ? `string(${node.format})` : type;
    const enumValues = Array.isArray(node.enum)
      ? (node.enum as unknown[]).filter((v) => jsonTypeOf(v) === type)
      : 'const' in node
        ? [node.const]
        : undefined;
    return { kind, node: { ...node, type, ...(enumValues ? { enum: enumValues } : {}) } };
  });
}

const describeKinds = (kinds: string[]) => kinds.join(' | ');

function compareObjects(published: JsonSchema, current: JsonSchema, path: string, out: BreakingChange[]) {
  const oldProps = (published.properties ?? {}) as Record<string, JsonSchema>;
  const newProps = (current.properties ?? {}) as Record<string, JsonSchema>;
  const oldRequired = new Set((published.required ?? []) as string[]);
  const newRequired = new Set((current.required ?? []) as string[]);
  for (const [name, schema] of Object.entries(oldProps)) {
    const where = `${path}.${name}`;
    if (!(name in newProps)) {
      out.push({ path: where, change: 'removed' });
      continue;
    }
    if (oldRequired.has(name) && !newRequired.has(name))
      out.push({ path: where, change: 'no longer required (consumers may rely on it being there)' });
    if (!oldRequired.has(name) && newRequired.has(name))
      out.push({ path: where, change: 'newly required (events published before lack it)' });
    compareNodes(schema, newProps[name]!, where, out);
  }
  for (const name of Object.keys(newProps)) {
    if (!(name in oldProps) && newRequired.has(name))
      out.push({ path: `${path}.${name}`, change: 'added as a required field (make it optional)' });
  }
}

function compareNodes(published: JsonSchema, current: JsonSchema, path: string, out: BreakingChange[]) {
  const oldBranches = branches(published);
  const newBranches = branches(current);
  const oldKinds = oldBranches.map((b) => b.kind);
  const newKinds = newBranches.map((b) => b.kind);
  if (!oldKinds.includes('any') && !newKinds.includes('any')) {
    const lost = oldKinds.filter((k) => !newKinds.includes(k));
    const gained = newKinds.filter((k) => !oldKinds.includes(k));
    if (lost.length || gained.length) {
      out.push({
        path,
        change: `retyped from ${describeKinds(oldKinds)} to ${describeKinds(newKinds)}`,
      });
    }
  }
  for (const oldBranch of oldBranches) {
    const newBranch = newBranches.find((b) => b.kind === oldBranch.kind);
    if (!newBranch) continue;
    const { node: o } = oldBranch;
    const { node: n } = newBranch;
    if (Array.isArray(o.enum)) {
      const allowed = Array.isArray(n.enum) ? (n.enum as unknown[]) : null;
      const removed = allowed ? (o.enum as unknown[]).filter((v) => !allowed.includes(v)) : [];
      if (removed.length)
        out.push({
          path,
          change: `enum value(s) removed: ${removed.map((v) => JSON.stringify(v)).join(', ')}`,
        });
    }
    if (oldBranch.kind === 'object') compareObjects(o, n, path, out);
    if (oldBranch.kind === 'array' && isObject(o.items) && isObject(n.items))
      compareNodes(o.items, n.items, `${path}[]`, out);
  }
}

/** The changes from `published` to `current` that break a consumer of `published`. */
export function breakingChanges(published: JsonSchema, current: JsonSchema): BreakingChange[] {
  const out: BreakingChange[] = [];
  compareNodes(published, current, '$', out);
  return out;
}
