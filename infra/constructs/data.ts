// One DynamoDB table per declaration in contract/tables.ts: on demand, PITR, TTL, GSIs and streams as declared.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import {
  type IndexDeclaration,
  type KeyDeclaration,
  type TableDeclaration,
  type TableKey,
  tableKeys,
  tables,
} from '../../contract/tables';

const attribute = (key: KeyDeclaration) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

const projectionOf = ({ projection = 'ALL' }: IndexDeclaration) =>
  typeof projection === 'string'
    ? { projectionType: ProjectionType[projection] }
    : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...projection.include] };

export interface DataProps {
  /** prod: RETAIN + deletion protection; otherwise tables go with the stack. */
  prod: boolean;
}

export class Data extends Construct {
  readonly tables: Record<TableKey, TableV2>;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    this.tables = Object.fromEntries(
      tableKeys.map((key) => {
        const declaration: TableDeclaration = tables[key];
        const table = new TableV2(this, key, {
          partitionKey: attribute(declaration.partitionKey),
          sortKey: declaration.sortKey && attribute(declaration.sortKey),
          billing: Billing.onDemand(),
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
          timeToLiveAttribute: declaration.timeToLiveAttribute,
          dynamoStream: declaration.stream && StreamViewType[declaration.stream],
          globalSecondaryIndexes: declaration.globalIndexes?.map((index) => ({
            indexName: index.indexName,
            partitionKey: attribute(index.partitionKey),
            sortKey: index.sortKey && attribute(index.sortKey),
            ...projectionOf(index),
          })),
          deletionProtection: props.prod,
          removalPolicy: props.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        return [key, table];
      }),
    ) as Record<TableKey, TableV2>;
  }
}
