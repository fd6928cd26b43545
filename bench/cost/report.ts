// The tables bench/cost.ts prints: units and counts per scenario, $ per 1,000 such orders, the
// reconciler's month, and where the delivered order's write units went call by call.
import { routeList } from '../../contract/routes';
import { total, type Usage } from './meter';
import { PRICES_AS_OF, prices } from './prices';

export interface Scenario {
  name: string;
  usage: Usage;
  /** Assumed: how long the shopper's app keeps its WebSocket open for this order. */
  webSocketMinutes: number;
}

const httpRoutes = new Set(routeList.map((r) => r.name));
const apiRequests = (u: Usage) =>
  [...u.invocations].filter(([name]) => httpRoutes.has(name)).reduce((a, [, n]) => a + n, 0);

/** Dollars per line item for one order of this scenario. */
export function dollars(s: Scenario) {
  const u = s.usage;
  return {
    'DynamoDB writes': total(u.writeUnits) * prices.dynamoWriteUnit,
    'DynamoDB reads': total(u.readUnits) * prices.dynamoReadUnit,
    'Lambda requests': total(u.invocations) * prices.lambdaRequest,
    'Lambda GB-s': u.lambdaGbSeconds * prices.lambdaGbSecond,
    'Step Functions': u.stateTransitions * prices.stateTransition,
    EventBridge: u.events * prices.eventBridgeEvent,
    'HTTP API': apiRequests(u) * prices.httpApiRequest,
    'WebSocket msgs+min':
      u.webSocketMessages * prices.webSocketMessage + s.webSocketMinutes * prices.webSocketConnectionMinute,
    'SES email': u.emails * prices.email,
    'SNS SMS India': u.sms * prices.smsIndia,
  };
}
const sumOf = (d: Record<string, number>) => Object.values(d).reduce((a, b) => a + b, 0);

const fmt = (n: number, digits = 1) => (Number.isInteger(n) ? String(n) : n.toFixed(digits));
const row = (label: string, cells: string[]) =>
  console.log(`${label.padEnd(34)}${cells.map((c) => c.padStart(14)).join('')}`);

export function printTable(scenarios: Scenario[], reconcilerRun: Usage) {
  const tables = [
    ...new Set(scenarios.flatMap((s) => [...s.usage.writeUnits.keys(), ...s.usage.readUnits.keys()])),
  ].sort();
  console.log(`\nPer order, by scenario (prices ap-south-1 as of ${PRICES_AS_OF}; bench/cost/prices.ts)\n`);
  row(
    '',
    scenarios.map((s) => s.name),
  );
  const line = (label: string, f: (u: Usage, s: Scenario) => number, digits = 1) =>
    row(
      label,
      scenarios.map((s) => fmt(f(s.usage, s), digits)),
    );
  line('DynamoDB write units', (u) => total(u.writeUnits));
  for (const t of tables) line(`  ${t}`, (u) => u.writeUnits.get(t) ?? 0);
  line('  refused conditional writes (n)', (u) => total(u.refusedWrites));
  line('DynamoDB read units', (u) => total(u.readUnits));
  for (const t of tables) line(`  ${t}`, (u) => u.readUnits.get(t) ?? 0);
  line('Lambda invocations', (u) => total(u.invocations));
  line('  of them HTTP API requests', apiRequests);
  line('Lambda ms (local, estimate)', (u) => u.lambdaMs, 0);
  line('Lambda GB-s (at declared memory)', (u) => u.lambdaGbSeconds, 2);
  line('Step Functions transitions', (u) => u.stateTransitions);
  line('EventBridge events', (u) => u.events);
  line('WebSocket messages', (u) => u.webSocketMessages);
  line('WebSocket minutes (assumed)', (_, s) => s.webSocketMinutes);
  line('SES emails', (u) => u.emails);
  line('SNS SMS', (u) => u.sms);

  console.log('\n$ per 1,000 orders');
  const costs = scenarios.map(dollars);
  for (const item of Object.keys(costs[0]!))
    row(
      `  ${item}`,
      costs.map((c) => (1000 * c[item as keyof typeof c]).toFixed(4)),
    );
  row(
    '  total',
    costs.map((c) => (1000 * sumOf(c)).toFixed(4)),
  );
  row(
    '  total without SMS',
    costs.map((c) => (1000 * (sumOf(c) - c['SNS SMS India'])).toFixed(4)),
  );

  const idle = dollars({ name: 'reconciler', usage: reconcilerRun, webSocketMinutes: 0 });
  const runsPerMonth = 60 * 24 * 30;
  console.log(
    `\nReconciler, every minute whatever the orders: per run ${total(reconcilerRun.invocations)} invocation, ` +
      `${fmt(total(reconcilerRun.readUnits))} read units, ${fmt(total(reconcilerRun.writeUnits))} write units, ` +
      `${reconcilerRun.lambdaMs.toFixed(0)} ms; $${(sumOf(idle) * runsPerMonth).toFixed(4)} a month ` +
      `(${runsPerMonth} runs). Each order's own settling look is in its scenario above.`,
  );
  console.log(
    'Lambda durations are wall-clock times measured here against local emulators: an estimate of the billed ' +
      'duration, not a measurement of it. WebSocket minutes are an assumption (the app open from checkout to ' +
      'delivery). CloudWatch Logs, X-Ray, data transfer and Secrets Manager are left out.',
  );
}

export function printBreakdown(name: string, usage: Usage) {
  console.log(`\nWrite units of the ${name} order, call by call (table, operation, calling function)\n`);
  const writes = [...usage.calls]
    .filter(([key]) => !/ (Get|BatchGet|Query|Scan|TransactGet)/.test(key))
    .sort((a, b) => b[1].units - a[1].units);
  for (const [key, { count, units }] of writes)
    console.log(`${fmt(units).padStart(7)} WRU  ${String(count).padStart(3)}×  ${key}`);
  if (usage.refusedWrites.size) {
    console.log('\nRefused conditional writes (charged by AWS, not in the units above)');
    for (const [key, n] of usage.refusedWrites) console.log(`         ${String(n).padStart(3)}×  ${key}`);
  }
}
