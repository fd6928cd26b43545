// What a function may touch. Declared beside each function; the CDK stack turns it into
// least-privilege grants, and tests check that nothing wider is granted.
import { type TableKey, tables } from './tables';

export type TableAccess = 'read' | 'readwrite';

export interface Grants {
  tables?: Partial<Record<TableKey, TableAccess>>;
  /** Step Functions actions on the checkout state machine. */
  stateMachine?: ('start' | 'taskResponse' | 'describe' | 'stop')[];
  /** PutEvents on the order bus. */
  eventBus?: boolean;
  /** Reads the Razorpay keys secret. */
  razorpay?: boolean;
  /** Posts to WebSocket connections through the management API. */
  webSocketManagement?: boolean;
  /** ses:SendEmail from the configured sender identity (and configuration set) only. */
  email?: boolean;
  /** sns:Publish straight to phone numbers (SMS), never to a topic. */
  sms?: boolean;
}

/** Where each grantable resource is, in the form its env var carries. */
export interface ResourceLocations {
  tableNames: Record<TableKey, string>;
  /** The env that tells the payments module where the keys are: the secret's ARN in AWS, the
   *  keys themselves (and the double's URL) locally. */
  razorpay: Record<string, string>;
  eventBusName: string;
  stateMachineArn: string;
  webSocketManagementEndpoint: string;
}

/** The rule CDK and the local runtime share: a function is told where a resource is (an env var)
 *  exactly when its grants name that resource. A location left out adds nothing (the local runtime
 *  fills them in as its emulators start). */
export function environmentFor(
  grants: Grants | undefined,
  at: Partial<ResourceLocations>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of Object.keys(grants?.tables ?? {}) as TableKey[]) {
    const name = at.tableNames?.[key];
    if (name !== undefined) env[tables[key].envVar] = name;
  }
  if (grants?.razorpay) Object.assign(env, at.razorpay);
  if (grants?.eventBus && at.eventBusName !== undefined) env.EVENT_BUS_NAME = at.eventBusName;
  if (grants?.stateMachine?.length && at.stateMachineArn !== undefined)
    env.STATE_MACHINE_ARN = at.stateMachineArn;
  if (grants?.webSocketManagement && at.webSocketManagementEndpoint !== undefined)
    env.WEBSOCKET_MANAGEMENT_ENDPOINT = at.webSocketManagementEndpoint;
  return env;
}
