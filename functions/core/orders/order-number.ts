// Human-readable order numbers, QC-YYYYMMDD-NNNNNN, from one counter per UTC day in the control
// table. ADD is atomic, so concurrent checkouts never share a number.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';

const KEEP_COUNTER_DAYS = 3;

export async function nextOrderNumber(now = new Date()): Promise<string> {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  const { Attributes } = await dynamo().send(
    new UpdateCommand({
      TableName: tableName('control'),
      Key: { pk: `ordernumber#${day}` },
      UpdateExpression: 'ADD lastNumber :one SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
      ExpressionAttributeValues: {
        ':one': 1,
        ':expiresAt': Math.floor(now.getTime() / 1000) + KEEP_COUNTER_DAYS * 86_400,
      },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return `QC-${day}-${String(Attributes?.lastNumber).padStart(6, '0')}`;
}
