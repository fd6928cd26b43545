// CDK context → stack config: what ops type after -c must be read right, or refused by name.
import { describe, expect, it } from 'vitest';
import { stackConfigFromContext } from '../../infra/stack-config';

const fromContext = (context: Record<string, unknown>) => stackConfigFromContext((key) => context[key]);

describe('stack config from CDK context', () => {
  it('defaults to a dev stage that is destroyed on delete and uses Razorpay test mode', () => {
    const config = fromContext({});
    expect(config).toMatchObject({
      stage: 'dev',
      prod: false,
      razorpayMode: 'test',
      corsOrigins: [],
      tunables: {},
    });
  });

  it('makes the prod stage retain data and use live mode unless told otherwise', () => {
    expect(fromContext({ stage: 'prod' })).toMatchObject({ prod: true, razorpayMode: 'live' });
    expect(fromContext({ stage: 'prod', razorpayMode: 'test' }).razorpayMode).toBe('test');
    expect(fromContext({ stage: 'staging', prod: 'true' }).prod).toBe(true);
  });

  it('reads -c strings: CSV origins, integers, JSON throttles', () => {
    const config = fromContext({
      corsOrigins: 'https://app.example.com, http://localhost:5173',
      paymentWindowSeconds: '300',
      deliveryFeePaise: '2000',
      routeThrottle: '{"rateLimit":50,"burstLimit":80}',
      routeThrottleOverrides: '{"POST /checkout":{"rateLimit":5,"burstLimit":10}}',
      logLevel: 'debug',
    });
    expect(config.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.tunables).toEqual({ paymentWindowSeconds: 300, deliveryFeePaise: 2000 });
    expect(config.routeThrottle).toEqual({ rateLimit: 50, burstLimit: 80 });
    expect(config.routeThrottleOverrides).toEqual({ 'POST /checkout': { rateLimit: 5, burstLimit: 10 } });
    expect(config.logLevel).toBe('DEBUG');
  });

  it('reads SES email, OAuth callbacks and the concurrency switch; both off by default outside prod', () => {
    expect(fromContext({})).toMatchObject({ oauthCallbackUrls: [], reserveConcurrency: false });
    expect(fromContext({}).cognitoEmail).toBeUndefined();
    expect(fromContext({ stage: 'prod' }).reserveConcurrency).toBe(true);
    const config = fromContext({
      stage: 'prod',
      cognitoSesFromAddress: 'no-reply@shop.example',
      cognitoSesVerifiedDomain: 'shop.example',
      cognitoSesRegion: 'ap-south-1',
      oauthCallbackUrls: 'https://shop.example/cb',
      reserveConcurrency: 'false',
    });
    expect(config.cognitoEmail).toEqual({
      fromEmail: 'no-reply@shop.example',
      fromName: undefined,
      sesRegion: 'ap-south-1',
      sesVerifiedDomain: 'shop.example',
    });
    expect(config.oauthCallbackUrls).toEqual(['https://shop.example/cb']);
    expect(config.reserveConcurrency).toBe(false);
  });

  it('refuses bad values, naming the option', () => {
    expect(() => fromContext({ cognitoSesFromAddress: 'shop.example' })).toThrow(/cognitoSesFromAddress/);
    expect(() => fromContext({ cognitoSesRegion: 'ap-south-1' })).toThrow(/cognitoSesFromAddress/);
    expect(() => fromContext({ reserveConcurrency: 'maybe' })).toThrow(/reserveConcurrency/);
    expect(() => fromContext({ stage: 'Prod_1' })).toThrow(/stage/);
    expect(() => fromContext({ paymentWindowSeconds: '10.5' })).toThrow(/paymentWindowSeconds/);
    // The AwaitPayment timeout: 0 would fail every saga, a few seconds leaves no time to pay.
    expect(() => fromContext({ paymentWindowSeconds: '0' })).toThrow(/paymentWindowSeconds/);
    expect(() => fromContext({ paymentWindowSeconds: '59' })).toThrow(/paymentWindowSeconds/);
    expect(() => fromContext({ paymentWindowSeconds: '86401' })).toThrow(/paymentWindowSeconds/);
    expect(fromContext({ paymentWindowSeconds: '60' }).tunables.paymentWindowSeconds).toBe(60);
    expect(() => fromContext({ deliveryFeePaise: -1 })).toThrow(/deliveryFeePaise/);
    expect(() => fromContext({ prod: 'yes' })).toThrow(/prod/);
    expect(() => fromContext({ razorpayMode: 'sandbox' })).toThrow(/razorpayMode/);
    expect(() => fromContext({ routeThrottle: '{"rateLimit":5}' })).toThrow(/routeThrottle.burstLimit/);
    expect(() => fromContext({ logLevel: 'loud' })).toThrow(/logLevel/);
  });

  it('retries a paid order for 30 minutes by default and refuses a deployed budget under 30', () => {
    expect(fromContext({}).postPaymentRetryMinutes).toBe(30);
    expect(fromContext({ postPaymentRetryMinutes: '45' }).postPaymentRetryMinutes).toBe(45);
    expect(fromContext({ postPaymentRetryMinutes: 1440 }).postPaymentRetryMinutes).toBe(1440);
    // Shorter would refund paid orders during an ordinary outage; only local tests may.
    expect(() => fromContext({ postPaymentRetryMinutes: '29' })).toThrow(/postPaymentRetryMinutes/);
    expect(() => fromContext({ postPaymentRetryMinutes: '0' })).toThrow(/postPaymentRetryMinutes/);
    expect(() => fromContext({ postPaymentRetryMinutes: '1441' })).toThrow(/postPaymentRetryMinutes/);
    expect(() => fromContext({ postPaymentRetryMinutes: '30.5' })).toThrow(/postPaymentRetryMinutes/);
  });
});
