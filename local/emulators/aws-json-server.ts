// A tiny server for the AWS JSON protocols (awsJson1_0 / awsJson1_1): one POST per call, the
// operation named by X-Amz-Target, errors shaped so the real SDK throws the named exception class.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LocalHttpServer, listen, readBody } from '../http-server';

/** A refusal the real service would give: HTTP 400 (by default) with `__type` = the exception name. */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: request bodies are the service's JSON shapes
export type AwsOperation = (input: any) => unknown;

export interface AwsJsonServerOptions {
  port: number;
  /** The X-Amz-Target prefix, e.g. 'AWSStepFunctions'. */
  targetPrefix: string;
  /** '1.0' or '1.1' (the content type's version). */
  jsonVersion: '1.0' | '1.1';
  operations: Record<string, AwsOperation>;
  /** Called with unexpected errors (they become HTTP 500 InternalFailure). */
  onInternalError?: (error: unknown, operation: string) => void;
}

export type AwsJsonServer = LocalHttpServer;

const MAX_BODY_BYTES = 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_BODY_BYTES);
  if (!body) throw new AwsServiceError('ValidationException', 'Request body is too large', 413);
  const text = body.toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AwsServiceError('SerializationException', 'Request body is not valid JSON');
  }
}

export async function startAwsJsonServer(options: AwsJsonServerOptions): Promise<AwsJsonServer> {
  const contentType = `application/x-amz-json-${options.jsonVersion}`;
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': randomUUID(), ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operationName = target.startsWith(`${options.targetPrefix}.`)
      ? target.slice(options.targetPrefix.length + 1)
      : '';
    try {
      if (req.method !== 'POST')
        throw new AwsServiceError('UnknownOperationException', 'Only POST is accepted');
      const operation = Object.hasOwn(options.operations, operationName)
        ? options.operations[operationName]
        : undefined;
      if (!operation) throw new AwsServiceError('UnknownOperationException', `Unknown operation ${target}`);
      const input = await readJson(req);
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new AwsServiceError('SerializationException', 'Request body must be a JSON object');
      }
      send(res, 200, (await operation(input)) ?? {});
    } catch (error) {
      if (error instanceof AwsServiceError) {
        send(
          res,
          error.status,
          { __type: error.type, message: error.message },
          { 'x-amzn-errortype': error.type },
        );
        return;
      }
      options.onInternalError?.(error, operationName);
      send(res, 500, { __type: 'InternalFailure', message: (error as Error)?.message ?? 'Internal failure' });
    }
  };

  return listen((req, res) => void handle(req, res), {
    port: options.port,
    name: `${options.targetPrefix} emulator`,
  });
}

/** AWS JSON protocols carry timestamps as epoch seconds. */
export const epochSeconds = (ms: number) => ms / 1000;
