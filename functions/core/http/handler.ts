// httpHandler(route, run): the whole edge of an HTTP Lambda. The route declaration says who may
// call it and what it accepts; `run` receives parsed, typed input and returns the response body.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import type { RouteDeclaration } from '../../../contract/routes';
import { decodeBody } from '../decode-body';
import { observeInvocation } from '../invocation';
import {
  authorize,
  bodyGuard,
  type Caller,
  errorShape,
  type ParsedInput,
  parseInput,
  rateLimit,
  spendRateLimit,
} from './middleware';
import { json } from './responses';

type Infer<T> = NonNullable<T> extends z.ZodType ? z.output<NonNullable<T>> : undefined;

export interface HttpRequest<R extends RouteDeclaration> {
  params: Infer<R['params']>;
  query: Infer<R['query']>;
  body: Infer<R['body']>;
  /** Present on every route that is not public. */
  caller: R['access'] extends 'public' ? Caller | undefined : Caller;
  headers: Record<string, string | undefined>;
  /** The body exactly as sent (for signature checks). */
  rawBody: string;
  /** On a route with `rateLimitSpentBy: 'handler'`: spends the caller's limit (429 past it). */
  spendRateLimit: () => Promise<void>;
}

/** A handler may return just the body (sent with the route's success status) or a full reply. */
export class HttpReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers?: Record<string, string>,
  ) {}
}

export const reply = (status: number, body: unknown, headers?: Record<string, string>) =>
  new HttpReply(status, body, headers);

type HttpContext = Context & { caller?: Caller; input?: ParsedInput };

export function httpHandler<R extends RouteDeclaration>(
  route: R,
  run: (request: HttpRequest<R>) => Promise<unknown>,
) {
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, HttpContext>()
    .use(errorShape())
    .use(bodyGuard(route))
    .use(authorize(route))
    .use(parseInput(route))
    .use(rateLimit(route))
    .handler(async (event, context) => {
      const input = context.input!;
      const result = await run({
        params: input.params,
        query: input.query,
        body: input.body,
        caller: context.caller,
        headers: event.headers ?? {},
        rawBody: decodeBody(event.body, event.isBase64Encoded),
        spendRateLimit: () => spendRateLimit(route, context.caller),
      } as HttpRequest<R>);
      if (result instanceof HttpReply) return json(result.status, result.body, result.headers);
      return json(route.successStatus ?? 200, result);
    });
  // Outside middy, so even a response errorShape builds is logged and counted within the invocation.
  return (event: APIGatewayProxyEventV2, context?: Context) =>
    observeInvocation(context, { correlation_id: event.requestContext?.requestId }, () =>
      handler(event, context as HttpContext),
    );
}
