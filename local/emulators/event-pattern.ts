// EventBridge event-pattern matching: the subset our rules can use. A pattern mirrors the event's
// shape; every leaf is an array of alternatives (exact values, or prefix / suffix /
// equals-ignore-case / anything-but / exists / numeric matchers); `$or` joins sub-patterns.
// A leaf matches an array in the event when any element matches.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type EventPattern = { [key: string]: unknown };

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

function matchObject(pattern: EventPattern, value: unknown): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      if (
        !Array.isArray(expected) ||
        !expected.some((alternative) => matchObject(alternative as EventPattern, value))
      ) {
        return false;
      }
      continue;
    }
    const present = isObject(value) && Object.hasOwn(value, key);
    const actual = present ? (value as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(expected)) {
      if (!matchLeaf(expected, present, actual)) return false;
    } else if (isObject(expected)) {
      if (!present || !matchObject(expected, actual)) return false;
    } else {
      throw new Error(`Invalid event pattern at "${key}": a leaf must be an array of matchers`);
    }
  }
  return true;
}

function matchLeaf(matchers: unknown[], present: boolean, actual: unknown): boolean {
  const values = Array.isArray(actual) ? actual : [actual];
  return matchers.some((matcher) => {
    if (isObject(matcher) && 'exists' in matcher) return matcher.exists === present;
    if (!present) return false;
    return values.some((value) => matchValue(matcher, value as Json));
  });
}

function matchValue(matcher: unknown, value: Json): boolean {
  if (!isObject(matcher)) return equalValues(matcher, value);
  const [operator, operand] = Object.entries(matcher)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && stringTest(operand, value, (v, s) => v.startsWith(s));
    case 'suffix':
      return typeof value === 'string' && stringTest(operand, value, (v, s) => v.endsWith(s));
    case 'equals-ignore-case':
      return (
        typeof value === 'string' &&
        typeof operand === 'string' &&
        value.toLowerCase() === operand.toLowerCase()
      );
    case 'anything-but':
      return !anythingButExcludes(operand, value);
    case 'numeric':
      return typeof value === 'number' && numericMatches(operand, value);
    default:
      throw new Error(`Unsupported event pattern matcher: ${JSON.stringify(matcher)}`);
  }
}

/** prefix / suffix take a string, or { "equals-ignore-case": string }. */
function stringTest(
  operand: unknown,
  value: string,
  test: (value: string, operand: string) => boolean,
): boolean {
  if (typeof operand === 'string') return test(value, operand);
  if (isObject(operand) && typeof operand['equals-ignore-case'] === 'string') {
    return test(value.toLowerCase(), operand['equals-ignore-case'].toLowerCase());
  }
  throw new Error(`Invalid prefix/suffix operand: ${JSON.stringify(operand)}`);
}

function anythingButExcludes(operand: unknown, value: Json): boolean {
  if (Array.isArray(operand)) return operand.some((excluded) => equalValues(excluded, value));
  if (isObject(operand)) return matchValue(operand, value);
  return equalValues(operand, value);
}

function numericMatches(operand: unknown, value: number): boolean {
  if (!Array.isArray(operand) || operand.length % 2 !== 0) {
    throw new Error(`Invalid numeric matcher: ${JSON.stringify(operand)}`);
  }
  for (let i = 0; i < operand.length; i += 2) {
    const [op, bound] = [operand[i], operand[i + 1]];
    if (typeof bound !== 'number') throw new Error(`Invalid numeric bound: ${JSON.stringify(bound)}`);
    const ok =
      op === '='
        ? value === bound
        : op === '<'
          ? value < bound
          : op === '<='
            ? value <= bound
            : op === '>'
              ? value > bound
              : op === '>='
                ? value >= bound
                : undefined;
    if (ok === undefined) throw new Error(`Invalid numeric operator: ${String(op)}`);
    if (!ok) return false;
  }
  return true;
}

/** Exact match: same type and value ("5" does not match 5; null matches only null). */
const equalValues = (expected: unknown, value: Json): boolean => expected === value;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
