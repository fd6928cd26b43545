// On-demand prices in ap-south-1 (Mumbai), USD, as read from the AWS pricing pages on 2026-12-02
// (no network here: the figures are the ones those pages showed at their last revision we know,
// DynamoDB after its November 2024 on-demand cut). Re-check before quoting a bill:
//   DynamoDB      https://aws.amazon.com/dynamodb/pricing/on-demand/   (region: Asia Pacific (Mumbai))
//   Lambda        https://aws.amazon.com/lambda/pricing/               (Arm, first pricing tier)
//   Step Functions https://aws.amazon.com/step-functions/pricing/      (Standard workflows)
//   EventBridge   https://aws.amazon.com/eventbridge/pricing/          (custom events on the bus)
//   API Gateway   https://aws.amazon.com/api-gateway/pricing/          (HTTP APIs, WebSocket APIs)
//   SES           https://aws.amazon.com/ses/pricing/                  (outbound email)
//   SNS SMS       https://aws.amazon.com/sns/sms-pricing/              (India, transactional)
// Free tiers are left out: the figure is what the 1,000th order costs, not the first.

export const PRICES_AS_OF = '2026-12-02';

export const prices = {
  dynamoWriteUnit: 0.7116 / 1e6,
  dynamoReadUnit: 0.1423 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  /** arm64 (the functions' architecture, infra/constructs/lambdas.ts). */
  lambdaGbSecond: 0.0000133334,
  stateTransition: 0.025 / 1000,
  eventBridgeEvent: 1.0 / 1e6,
  /** HTTP API, per request up to 512 KB (first 300 million a month). */
  httpApiRequest: 1.0 / 1e6,
  /** WebSocket API, per message up to 32 KB, either direction (first billion a month). */
  webSocketMessage: 1.0 / 1e6,
  webSocketConnectionMinute: 0.25 / 1e6,
  email: 0.1 / 1000,
  smsIndia: 0.00278,
} as const;

/** The functions' memory when none is declared (infra/constructs/lambdas.ts functionDefaults and
 *  httpDefaults; a bench may not import infra/ without loading the CDK). */
export const DEFAULT_MEMORY_MB = 256;
