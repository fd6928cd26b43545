// The answers API Gateway gives itself, before any handler runs, copied body for body so a client
// meets the same thing locally and in AWS (docs/api.md "Conventions"): the JWT authorizer's 401,
// stage throttling's 429 and the 10 MB payload cap's 413, each `{"message": ...}`.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** API Gateway's own payload cap; the handlers enforce the API's 64 KiB in the error shape. */
export const API_GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** API Gateway's limit on the request line and headers together (HTTP API quota: 10,240 bytes). */
export const API_GATEWAY_MAX_HEADER_BYTES = 10 * 1024;

const message = (
  statusCode: number,
  text: string,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ message: text }),
});

/** The JWT authorizer refused the token (none, malformed, bad signature, expired); it names why in
 *  www-authenticate, as API Gateway does. */
export const unauthorized = (why: string) =>
  message(401, 'Unauthorized', {
    'www-authenticate': `Bearer scope="" error="invalid_token" error_description="${why}"`,
  });

export const tooManyRequests = () => message(429, 'Too Many Requests');

export const requestEntityTooLarge = () => message(413, 'Request Entity Too Large');

/** The integration (the Lambda) did not answer within the HTTP API's 30 s integration timeout. */
export const serviceUnavailable = () => message(503, 'Service Unavailable');

/** The Lambda failed or timed out (Task timed out): API Gateway's answer, not the error shape. */
export const internalServerError = () => message(500, 'Internal Server Error');
