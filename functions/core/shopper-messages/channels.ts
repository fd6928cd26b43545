// The two ways out: email through SES v2, SMS through SNS Publish (to a phone number, never a
// topic). Sender identity, configuration set, SMS sender id / origination and India's DLT ids come
// from the environment (CDK context in AWS, local/system.ts locally); AWS_ENDPOINT_URL_SESV2 and
// AWS_ENDPOINT_URL_SNS point the same clients at the local outbox.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { type MessageAttributeValue, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { awsClientConfig } from '../aws-client-config';

let ses: SESv2Client | undefined;
let sns: SNSClient | undefined;

export interface Email {
  to: string;
  subject: string;
  body: string;
  orderId: string;
}

export interface Sms {
  to: string;
  body: string;
  /** Which message this is, to find its DLT template id (India). */
  kind: string;
}

/** A channel is on where its settings are deployed (CDK context) or set locally. */
export const emailEnabled = () => Boolean(process.env.SES_FROM_ADDRESS);
export const smsEnabled = () => process.env.SMS_ENABLED === 'true';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export async function sendEmail(email: Email): Promise<void> {
  ses ??= new SESv2Client(awsClientConfig());
  const configurationSet = process.env.SES_CONFIGURATION_SET;
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: required('SES_FROM_ADDRESS'),
      Destination: { ToAddresses: [email.to] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.body, Charset: 'UTF-8' } },
        },
      },
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      // Tags reach SES event destinations (bounces, complaints) so they can be traced to the order.
      EmailTags: [{ Name: 'orderId', Value: email.orderId }],
    }),
  );
}

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/** SNS's reserved SMS attributes: Transactional (delivery over price), sender id, DLT ids. */
function smsAttributes(kind: string): Record<string, MessageAttributeValue> {
  const env = process.env;
  const templateIds = env.SMS_DLT_TEMPLATE_IDS
    ? (JSON.parse(env.SMS_DLT_TEMPLATE_IDS) as Record<string, string>)
    : {};
  const templateId = templateIds[kind];
  return {
    'AWS.SNS.SMS.SMSType': text('Transactional'),
    ...(env.SMS_SENDER_ID ? { 'AWS.SNS.SMS.SenderID': text(env.SMS_SENDER_ID) } : {}),
    ...(env.SMS_ORIGINATION_NUMBER
      ? { 'AWS.MM.SMS.OriginationNumber': text(env.SMS_ORIGINATION_NUMBER) }
      : {}),
    ...(env.SMS_DLT_ENTITY_ID ? { 'AWS.MM.SMS.EntityId': text(env.SMS_DLT_ENTITY_ID) } : {}),
    ...(templateId ? { 'AWS.MM.SMS.TemplateId': text(templateId) } : {}),
  };
}

export async function sendSms(sms: Sms): Promise<void> {
  sns ??= new SNSClient(awsClientConfig());
  await sns.send(
    new PublishCommand({
      PhoneNumber: sms.to,
      Message: sms.body,
      MessageAttributes: smsAttributes(sms.kind),
    }),
  );
}
