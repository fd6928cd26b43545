// The shopper page as a static site: a private S3 bucket behind CloudFront (origin access control),
// the build of web/ uploaded beside a config.json that points the page at this stack's APIs.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DockerImage, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  Distribution,
  HttpVersion,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { projectRoot } from '../bundling';

/** What the page reads from config.json (web/src/config.ts). */
export interface WebSiteConfig {
  apiUrl: string;
  wsUrl: string;
  userPoolId: string;
  userPoolClientId: string;
}

export interface WebSiteProps {
  prod: boolean;
  /** Retention of the upload function's log group, like every other log group of the stack. */
  logRetention: RetentionDays;
}

export class WebSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** https://<distribution domain>, for the HTTP API's CORS and the stack output. */
  readonly url: string;
  private readonly prod: boolean;
  private readonly logRetention: RetentionDays;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    this.prod = props.prod;
    this.logRetention = props.logRetention;
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: props.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Quick-commerce shopper page',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Only CloudFront reads this bucket, and CloudFront is where reads of the page would be logged.',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Shoppers are where the stores are; the API, not the page, decides who can order.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'Static files only; a WAF belongs in front of the API first, a cost decision left to ops.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason: 'A public static page with no personal data; its API calls are logged by API Gateway.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate; a custom domain and its TLS policy are left to ops.',
      },
    );
  }

  /** Uploads the page and its config.json (the APIs exist only after the site, for CORS). */
  publish(config: WebSiteConfig): BucketDeployment {
    const deployment = new BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(join(projectRoot, 'web'), { exclude: ['dist'], bundling: webBuild }),
        Source.jsonData('config.json', config),
      ],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/app.js', '/app.css', '/config.json'],
      // Outside prod the objects go with the stack, so the bucket is empty when it is deleted.
      retainOnDelete: this.prod,
      memoryLimit: 256,
      // Without one, CDK's upload function logs into a group kept for two years.
      logGroup: new LogGroup(this, 'DeploymentLogs', {
        retention: this.logRetention,
        removalPolicy: this.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      }),
    });
    // CDK's own upload function (one per stack): it copies from the CDK asset bucket into this one.
    const uploader = [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
      `Resource::<${this.logicalIdOf(this.bucket)}.Arn>/*`,
    ].map((finding) => ({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason: "CDK's BucketDeployment reads the staged web/ asset and replaces the site bucket's objects.",
    }));
    Validations.of(deployment.handlerRole).acknowledge(...uploader, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'CloudFront invalidations after each upload; CDK grants them on every distribution.',
    });
    return deployment;
  }

  private logicalIdOf(bucket: Bucket): string {
    return Stack.of(this).getLogicalId(bucket.node.defaultChild as CfnBucket);
  }
}

/** `npm run build:web` into the asset's output folder, on this machine (no Docker), like the functions. */
const webBuild = {
  image: DockerImage.fromRegistry('unused-local-bundling-only'),
  local: {
    tryBundle(outputDir: string): boolean {
      execFileSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'web/build.ts'), outputDir], {
        cwd: projectRoot,
        stdio: 'inherit',
      });
      return true;
    },
  },
};
