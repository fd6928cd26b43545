// The one body decoder of the HTTP and WebSocket edges: API Gateway base64-encodes a body it takes
// for binary (isBase64Encoded). middy's own decodeBody, with "no body" read as ''.
import { decodeBody as middyDecodeBody } from '@middy/util';

/** The body as UTF-8 text; '' when there is none. */
export const decodeBody = (body: string | null | undefined, isBase64Encoded = false): string =>
  middyDecodeBody(body, isBase64Encoded) ?? '';
