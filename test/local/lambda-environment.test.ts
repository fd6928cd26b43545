// The handlers' environment follows their declared grants, by the rule CDK uses too
// (contract/grants.ts environmentFor).
import { describe, expect, it } from 'vitest';
import { environmentFor } from '../../contract/grants';
import { tables } from '../../contract/tables';
import { functionEnvironment, runAsFunction, useLocalResources } from '../../local/lambda-environment';
import { createTables } from '../../local/tables';

describe('environmentFor', () => {
  const everywhere = {
    tableNames: {
      products: 'P',
      carts: 'C',
      orders: 'O',
      riders: 'R',
      control: 'X',
      notifications: 'N',
      connections: 'W',
    },
    razorpay: { RAZORPAY_SECRET_ARN: 'arn:secret' },
    eventBusName: 'bus',
    stateMachineArn: 'arn:sm',
    webSocketManagementEndpoint: 'https://ws',
  } as const;

  it('names exactly the resources the grants name', () => {
    expect(environmentFor({ tables: { orders: 'read', connections: 'readwrite' } }, everywhere)).toEqual({
      ORDERS_TABLE: 'O',
      CONNECTIONS_TABLE: 'W',
    });
    expect(
      environmentFor(
        { razorpay: true, eventBus: true, stateMachine: ['start'], webSocketManagement: true },
        everywhere,
      ),
    ).toEqual({
      RAZORPAY_SECRET_ARN: 'arn:secret',
      EVENT_BUS_NAME: 'bus',
      STATE_MACHINE_ARN: 'arn:sm',
      WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://ws',
    });
    expect(environmentFor(undefined, everywhere)).toEqual({});
    expect(environmentFor({ stateMachine: [] }, everywhere)).toEqual({});
  });

  it('leaves out a resource whose location is not known yet', () => {
    expect(environmentFor({ tables: { orders: 'read' }, eventBus: true }, { eventBusName: 'bus' })).toEqual({
      EVENT_BUS_NAME: 'bus',
    });
  });
});

describe('the local Lambda environment', () => {
  it('gives a function its declared table vars, and only those, once the tables exist', async () => {
    const prefix = `env${Date.now()}-`;
    await createTables(prefix);
    // functions/ws/subscribe.ts: connections (readwrite), orders (read), the management API.
    useLocalResources({ webSocketManagementEndpoint: 'http://127.0.0.1:1/local' });
    expect(functionEnvironment('wsSubscribe')).toEqual({
      [tables.connections.envVar]: `${prefix}connections`,
      [tables.orders.envVar]: `${prefix}orders`,
      WEBSOCKET_MANAGEMENT_ENDPOINT: 'http://127.0.0.1:1/local',
    });
    expect(process.env[tables.orders.envVar]).toBe(`${prefix}orders`);
  });

  it('refuses a function nobody declared', () => {
    expect(() => functionEnvironment('noSuchFunction')).toThrow(/noSuchFunction/);
  });

  it("runs each invocation in its function's environment, kept current as process.env changes", () => {
    useLocalResources({ webSocketManagementEndpoint: 'http://127.0.0.1:1/local' });
    const read = (name: string, key: string) => runAsFunction(name, () => process.env[key]);
    expect(read('wsSubscribe', 'AWS_LAMBDA_FUNCTION_NAME')).toBe('wsSubscribe');
    expect(read('getOrder', 'AWS_LAMBDA_FUNCTION_NAME')).toBe('getOrder');
    // Another function's declared variable is not visible.
    expect(read('getOrder', 'WEBSOCKET_MANAGEMENT_ENDPOINT')).toBeUndefined();
    // A variable set for the whole process after the first invocations reaches the next ones...
    process.env.FLASH_TEST_SETTING = 'on';
    expect(read('wsSubscribe', 'FLASH_TEST_SETTING')).toBe('on');
    delete process.env.FLASH_TEST_SETTING;
    expect(read('wsSubscribe', 'FLASH_TEST_SETTING')).toBeUndefined();
    // ...while what one invocation writes stays in that invocation.
    runAsFunction('wsSubscribe', () => {
      process.env.FLASH_TEST_SETTING = 'mine';
    });
    expect(read('wsSubscribe', 'FLASH_TEST_SETTING')).toBeUndefined();
    expect(process.env.FLASH_TEST_SETTING).toBeUndefined();
    // A location found later (an emulator started) reaches the functions that are granted it.
    useLocalResources({ webSocketManagementEndpoint: 'http://127.0.0.1:2/local' });
    expect(read('wsSubscribe', 'WEBSOCKET_MANAGEMENT_ENDPOINT')).toBe('http://127.0.0.1:2/local');
  });
});
