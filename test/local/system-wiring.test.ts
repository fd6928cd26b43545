// The local system points the handlers' bare SDK clients at its Step Functions and EventBridge
// endpoints, through the same environment variables Lambda gets.
import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useLocalSystem } from '../support/api';

const { localSystem } = useLocalSystem();

describe('local system wiring', () => {
  it('declares the checkout state machine at STATE_MACHINE_ARN', async () => {
    const arn = process.env.STATE_MACHINE_ARN;
    expect(arn).toBe(localSystem().stepFunctions.stateMachineArn('qc-local-checkout'));
    const { stateMachines } = await new SFNClient({}).send(new ListStateMachinesCommand({}));
    expect(stateMachines?.map((m) => m.stateMachineArn)).toContain(arn);
  });

  it('takes events put on EVENT_BUS_NAME', async () => {
    const orderId = randomUUID();
    const result = await new EventBridgeClient({}).send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: process.env.EVENT_BUS_NAME,
            Source: 'wiring.test',
            DetailType: 'Probe',
            Detail: JSON.stringify({ orderId }),
          },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    const event = await localSystem().eventBridge.waitFor((e) => e.detail.orderId === orderId);
    expect(event.busName).toBe(localSystem().eventBridge.busName);
  });
});
