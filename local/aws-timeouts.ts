// The local runtime's own AWS SDK clients (stream pollers, table creation) talk to DynamoDB Local.
// Without a request timeout a call to a Java that hangs (a long GC pause, kill -STOP) never ends:
// a poller's stop() waited for it, and so did Ctrl-C. With one, a hang fails like a refused
// connection, which the callers already handle as an outage.

/** requestHandler settings ending every attempt after `requestTimeoutMs` (a TimeoutError). */
export const localClientConfig = (requestTimeoutMs: number) => ({
  requestHandler: {
    requestTimeout: requestTimeoutMs,
    // Since @smithy/node-http-handler 4.4 a requestTimeout only logs a warning without this.
    throwOnRequestTimeout: true,
  },
});
