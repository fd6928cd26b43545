// A local stand-in for Amazon SES v2 and Amazon SNS's SMS: one small server that answers
// SendEmail (`POST /v2/email/outbound-emails`, REST JSON) and Publish to a phone number (query
// protocol, XML answer) well enough for @aws-sdk/client-sesv2 and @aws-sdk/client-sns, and keeps
// what was sent, in memory, for `GET /dev/outbox?to=` and the tests. Faults can be switched on per
// channel to exercise the notifier's retries.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type OutboxChannel = 'email' | 'sms';

export interface SentMessage {
  channel: OutboxChannel;
  to: string;
  subject?: string;
  body: string;
  orderId?: string;
  at: string;
  /** Email: the sender and configuration set; SMS: the message attributes (SMSType, SenderID, …). */
  details: Record<string, string>;
}

export interface Outbox {
  url: string;
  /** Everything sent, oldest first. */
  readonly sent: readonly SentMessage[];
  /** What went to one address or phone, newest first (the /dev/outbox answer). */
  sentTo(to: string): SentMessage[];
  /** The next `count` calls on the channel answer 500 (the SDK retries, then gives up). */
  failNext(channel: OutboxChannel, count: number): void;
  stop(): Promise<void>;
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const xmlEscape = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

interface SesSendEmail {
  FromEmailAddress?: string;
  ConfigurationSetName?: string;
  Destination?: { ToAddresses?: string[] };
  Content?: { Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string } } } };
  EmailTags?: { Name: string; Value: string }[];
}

/** SNS's query protocol flattens MessageAttributes into entry.N.Name / entry.N.Value.StringValue. */
function smsAttributes(form: URLSearchParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const name = form.get(`MessageAttributes.entry.${n}.Name`)!;
    attributes[name] = form.get(`MessageAttributes.entry.${n}.Value.StringValue`) ?? '';
  }
  return attributes;
}

export async function startOutbox(options: { port?: number } = {}): Promise<Outbox> {
  const sent: SentMessage[] = [];
  const faults: Record<OutboxChannel, number> = { email: 0, sms: 0 };
  const shouldFail = (channel: OutboxChannel) => faults[channel] > 0 && faults[channel]-- > 0;

  const sesSendEmail = (res: ServerResponse, raw: string) => {
    if (shouldFail('email')) {
      res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' });
      return res.end(JSON.stringify({ message: 'Injected failure (local outbox)' }));
    }
    const input = JSON.parse(raw || '{}') as SesSendEmail;
    const to = input.Destination?.ToAddresses ?? [];
    const body = input.Content?.Simple?.Body?.Text?.Data;
    if (!input.FromEmailAddress || to.length === 0 || body === undefined) {
      res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'BadRequestException' });
      return res.end(
        JSON.stringify({ message: 'FromEmailAddress, a destination and a text body are required' }),
      );
    }
    const orderId = input.EmailTags?.find((t) => t.Name === 'orderId')?.Value;
    const at = new Date().toISOString();
    for (const address of to) {
      sent.push({
        channel: 'email',
        to: address,
        subject: input.Content?.Simple?.Subject?.Data ?? '',
        body,
        ...(orderId ? { orderId } : {}),
        at,
        details: {
          from: input.FromEmailAddress,
          ...(input.ConfigurationSetName ? { configurationSet: input.ConfigurationSetName } : {}),
        },
      });
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ MessageId: randomUUID() }));
  };

  const snsQuery = (res: ServerResponse, raw: string) => {
    const form = new URLSearchParams(raw);
    const error = (status: number, code: string, message: string) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(
        `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
      );
    };
    if (form.get('Action') !== 'Publish')
      return error(400, 'InvalidAction', `${form.get('Action')} is not supported here`);
    const phone = form.get('PhoneNumber');
    // Only SMS: a topic or endpoint target is not what this system publishes to.
    if (!phone) return error(400, 'InvalidParameter', 'Only Publish to a PhoneNumber is supported here');
    if (shouldFail('sms')) return error(500, 'InternalError', 'Injected failure (local outbox)');
    sent.push({
      channel: 'sms',
      to: phone,
      body: form.get('Message') ?? '',
      at: new Date().toISOString(),
      details: smsAttributes(form),
    });
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  };

  const sentTo = (to: string) => sent.filter((m) => m.to === to).reverse();

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://outbox');
      const raw = await readBody(req);
      if (req.method === 'POST' && url.pathname === '/v2/email/outbound-emails')
        return sesSendEmail(res, raw);
      if (req.method === 'POST' && url.pathname === '/') return snsQuery(res, raw);
      if (req.method === 'GET' && url.pathname === '/_control/sent') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ items: sentTo(url.searchParams.get('to') ?? '') }));
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `${req.method} ${url.pathname} is not served by the local outbox` }));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' });
      res.end(JSON.stringify({ message: String(error) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    sentTo,
    failNext: (channel, count) => {
      faults[channel] = count;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
