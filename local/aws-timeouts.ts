// The local runtime's own AWS SDK clients (stream pollers, table creation) talk to DynamoDB Local.
// Without a request timeout a call to a Java that hangs (a long GC pause, kill -STOP) never ends:
// a poller's stop() waited for it, and so did Ctrl-C. With one, a hang fails like a refused
// connection, which the callers already handle as an outage.

import { timeoutClientConfig } from '../functions/core/aws-client-config';

/** requestHandler settings ending every attempt after `requestTimeoutMs` (a TimeoutError): the same
 *  builder as the Lambda code's clients, with the local runtime's own timeout. */
export const localClientConfig = (requestTimeoutMs: number) => timeoutClientConfig(requestTimeoutMs);
