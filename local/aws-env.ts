// The local runtime is "AWS" to the handlers: a region, throwaway credentials, and the
// standard AWS_ENDPOINT_URL_* variables that route each SDK client to its emulator.
export function useLocalAws(endpoints: {
  dynamodb?: string;
  sfn?: string;
  eventbridge?: string;
  apigatewaymanagementapi?: string;
  sesv2?: string;
  sns?: string;
}) {
  process.env.AWS_REGION ??= 'ap-south-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const names = {
    dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
    sfn: 'AWS_ENDPOINT_URL_SFN',
    eventbridge: 'AWS_ENDPOINT_URL_EVENTBRIDGE',
    apigatewaymanagementapi: 'AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI',
    sesv2: 'AWS_ENDPOINT_URL_SESV2',
    sns: 'AWS_ENDPOINT_URL_SNS',
  } as const;
  for (const [service, url] of Object.entries(endpoints)) {
    if (url) process.env[names[service as keyof typeof names]] = url;
  }
}
