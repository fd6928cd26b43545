// What a function may touch. Declared beside each function; the CDK stack turns it into
// least-privilege grants, and tests check that nothing wider is granted.
import type { TableKey } from './tables';

export type TableAccess = 'read' | 'readwrite';

export interface Grants {
  tables?: Partial<Record<TableKey, TableAccess>>;
  /** Step Functions actions on the checkout state machine. */
  stateMachine?: ('start' | 'taskResponse' | 'describe')[];
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
