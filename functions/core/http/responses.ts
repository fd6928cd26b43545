import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError } from '../errors';

const JSON_HEADERS = { 'content-type': 'application/json' };

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { ...JSON_HEADERS, ...headers },
  body: JSON.stringify(body),
});

export const errorResponse = (error: AppError): APIGatewayProxyStructuredResultV2 =>
  json(
    error.status,
    {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    },
    error.headers,
  );

export const internalErrorResponse = (): APIGatewayProxyStructuredResultV2 =>
  json(500, { error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } });

export { AppError };
