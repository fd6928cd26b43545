// The checkout saga's execution of one order, as the reconciler sees it: the execution is named after
// the order, so its ARN follows from the state machine's.
import {
  DescribeExecutionCommand,
  type ExecutionStatus,
  SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { awsClientConfig } from '../aws-client-config';

let client: SFNClient | undefined;
const sfn = () => {
  client ??= new SFNClient(awsClientConfig());
  return client;
};

const executionArnOf = (orderId: string) => {
  const machine = process.env.STATE_MACHINE_ARN;
  if (!machine) throw new Error('STATE_MACHINE_ARN is not set');
  return `${machine.replace(':stateMachine:', ':execution:')}:${orderId}`;
};

/** RUNNING, an ended status, or 'GONE' (never started, or a local runtime that restarted). */
export type SagaState = ExecutionStatus | 'GONE';

export async function sagaStateOf(orderId: string): Promise<SagaState> {
  try {
    const { status } = await sfn().send(
      new DescribeExecutionCommand({ executionArn: executionArnOf(orderId) }),
    );
    return status ?? 'GONE';
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return 'GONE';
    throw error;
  }
}

/** Stops a saga the reconciler has settled for it; one that ended meanwhile is fine. */
export async function stopSaga(orderId: string, cause: string): Promise<void> {
  try {
    await sfn().send(
      new StopExecutionCommand({ executionArn: executionArnOf(orderId), error: 'Reconciled', cause }),
    );
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return;
    throw error;
  }
}
