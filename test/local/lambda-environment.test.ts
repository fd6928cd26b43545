// The handlers' environment follows their declared grants, by the rule CDK uses too
// (contract/grants.ts environmentFor).
import { describe, expect, it } from 'vitest';
import { environmentFor } from '../../contract/grants';
import { tables } from '../../contract/tables';
import { functionEnvironment, useLocalResources } from '../../local/lambda-environment';
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
});
