// Throughput of the local Step Functions endpoint: executions started through the real SFN client,
// run to the end (a direct Lambda task + Pass; a waitForTaskToken task completed by its handler).
// Prints figures; not a pass/fail test. Run: npx tsx bench/sfn-local.ts [executions=500] [concurrency=32]
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startStepFunctionsLocal } from '../local/emulators/step-functions';
import { useLocalAws } from '../local/lambda-environment';
import { PROJECT_ROOT } from '../local/lambda-runtime';

const executions = Number(process.argv[2] ?? 500);
const concurrency = Number(process.argv[3] ?? 32);
const fixture = (file: string) => resolve(PROJECT_ROOT, 'test/fixtures/sfn', file);

const sfn = await startStepFunctionsLocal({
  port: 0,
  stateMachines: [
    { name: 'basic', definitionFile: fixture('basic.asl.json') },
    { name: 'await-payment', definitionFile: fixture('await-payment.asl.json') },
  ],
  functions: {
    add: { handler: 'test/fixtures/sfn/functions/add.ts' },
    awaitCallback: { handler: 'test/fixtures/sfn/functions/await-callback.ts' },
  },
});
useLocalAws({ sfn: sfn.url });
const client = new SFNClient({});

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function run(machine: string, input: () => unknown) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < executions) {
        next++;
        const t0 = performance.now();
        const { executionArn } = await client.send(
          new StartExecutionCommand({
            stateMachineArn: sfn.stateMachineArn(machine),
            name: randomUUID(),
            input: JSON.stringify(input()),
          }),
        );
        const result = await sfn.waitForExecution(executionArn!, 30_000);
        if (result.status !== 'SUCCEEDED') throw new Error(`${machine}: ${result.status} ${result.error}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${machine.padEnd(14)} ${executions} executions, concurrency ${concurrency}: ${(executions / seconds).toFixed(0)}/s, ` +
      `start→end p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms`,
  );
}

try {
  await run('basic', () => ({ x: 1, y: 2 }));
  await run('await-payment', () => ({ orderId: randomUUID(), mode: 'inline', timeoutSeconds: 60 }));
} finally {
  await sfn.stop();
}
