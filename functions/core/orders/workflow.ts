// The checkout saga as the rest of the code sees it: start it for an order, resume or fail the
// AwaitPayment task by its token. @aws-sdk/client-sfn unchanged; the endpoint comes from the env.
import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { awsClientConfig } from '../aws-client-config';

let client: SFNClient | undefined;
const sfn = () => {
  client ??= new SFNClient(awsClientConfig());
  return client;
};

const stateMachineArn = () => {
  const arn = process.env.STATE_MACHINE_ARN;
  if (!arn) throw new Error('STATE_MACHINE_ARN is not set');
  return arn;
};

export interface SagaInput {
  orderId: string;
  paymentWindowSeconds: number;
}

/** Idempotent: the execution is named after the order, so a second start is refused and ignored. */
export async function startCheckoutSaga(input: SagaInput): Promise<void> {
  try {
    await sfn().send(
      new StartExecutionCommand({
        stateMachineArn: stateMachineArn(),
        name: input.orderId,
        input: JSON.stringify(input),
      }),
    );
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists') return;
    throw error;
  }
}

/** A token that is spent (the task already ended) is not an error for us: someone resumed it first. */
const SPENT_TOKEN_ERRORS = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

/** true if this call resumed the task, false if the token was already spent. */
export async function resumePaymentTask(taskToken: string, output: { orderId: string }): Promise<boolean> {
  try {
    await sfn().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    return true;
  } catch (error) {
    if (SPENT_TOKEN_ERRORS.has((error as Error).name)) return false;
    throw error;
  }
}

export async function failPaymentTask(taskToken: string, error: string, cause: string): Promise<boolean> {
  try {
    await sfn().send(new SendTaskFailureCommand({ taskToken, error, cause }));
    return true;
  } catch (failure) {
    if (SPENT_TOKEN_ERRORS.has((failure as Error).name)) return false;
    throw failure;
  }
}
