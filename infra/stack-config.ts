// What an ops team may change per deployment, read from CDK context (`cdk deploy -c stage=prod`).
// Tunables left unset are not passed to the functions, so functions/core/config.ts defaults apply.

import {
  DEFAULT_POST_PAYMENT_RETRY_MINUTES,
  MAX_POST_PAYMENT_RETRY_MINUTES,
  MIN_DEPLOYED_POST_PAYMENT_RETRY_MINUTES,
} from '../contract/post-payment-retry';
import { defaultRouteThrottle } from '../contract/routes';

export type RazorpayMode = 'test' | 'live';

/** Env var names read by functions/core/config.ts, keyed by the context option that sets them. */
export const tunableEnv = {
  paymentWindowSeconds: 'PAYMENT_WINDOW_SECONDS',
  deliveryFeePaise: 'DELIVERY_FEE_PAISE',
  freeDeliveryThresholdPaise: 'FREE_DELIVERY_THRESHOLD_PAISE',
  handlingFeePaise: 'HANDLING_FEE_PAISE',
  lowStockThreshold: 'LOW_STOCK_THRESHOLD',
  cartWritesPerMinute: 'RATE_LIMIT_CART_WRITES_PER_MINUTE',
  checkoutsPerMinute: 'RATE_LIMIT_CHECKOUTS_PER_MINUTE',
} as const;

export type Tunable = keyof typeof tunableEnv;

export const MIN_PAYMENT_WINDOW_SECONDS = 60;
export const MAX_PAYMENT_WINDOW_SECONDS = 86_400;

export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

export interface StackConfig {
  /** Part of the stack name and of every API stage. */
  stage: string;
  /** prod keeps tables and the secret on delete (RETAIN + deletion protection); dev destroys them. */
  prod: boolean;
  razorpayMode: RazorpayMode;
  /** Origins allowed by the HTTP API's CORS; empty = no CORS configuration. */
  corsOrigins: string[];
  /** The HTTP stage's default throttle (the $default route and routes declaring none), and overrides
   *  per route key ("POST /checkout") over what contract/routes/ declares. */
  routeThrottle: Throttle;
  routeThrottleOverrides: Record<string, Throttle>;
  tunables: Partial<Record<Tunable, number>>;
  /** How long the saga's steps after payment retry before giving up (the state machine's Retry
   *  budget, contract/post-payment-retry.ts); at least 30 minutes in a deployed stack. */
  postPaymentRetryMinutes: number;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  logRetentionDays: number;
  /** Subscribed to the alarm topic when set. */
  alarmEmail?: string;
  /** Cognito's mail through SES (a verified identity); unset = Cognito's own low-volume sender. */
  cognitoEmail?: CognitoSesEmail;
  /** OAuth (hosted UI) callback URLs; empty = OAuth flows off on the app client. */
  oauthCallbackUrls: string[];
  /** Reserved concurrency caps for fan-out functions (off for new accounts below 1,000 concurrency). */
  reserveConcurrency: boolean;
  /** Shopper email and SMS; a channel without its settings is off (the notifier skips it). */
  messaging: MessagingConfig;
  /** Where orders leave from, for the ETA (functions/core/config.ts storeLocation). */
  storeLocation?: { lat: number; lng: number };
}

export interface MessagingConfig {
  /** SES v2: the From address, the verified identity it belongs to (domain or address; default its domain). */
  email?: { fromAddress: string; identity: string; configurationSet?: string };
  /** SNS SMS: sender id and/or origination number; India's DLT entity id and template id per message. */
  sms?: {
    senderId?: string;
    originationNumber?: string;
    dltEntityId?: string;
    dltTemplateIds?: Record<string, string>;
  };
}

export interface CognitoSesEmail {
  fromEmail: string;
  fromName?: string;
  /** The SES identity's region, when it is not the stack's. */
  sesRegion?: string;
  /** A verified domain identity covering fromEmail (else the address itself must be verified). */
  sesVerifiedDomain?: string;
}

export const defaultStackConfig = (stage = 'dev'): StackConfig => ({
  stage,
  prod: stage === 'prod',
  razorpayMode: stage === 'prod' ? 'live' : 'test',
  corsOrigins: [],
  routeThrottle: { ...defaultRouteThrottle },
  routeThrottleOverrides: {},
  tunables: {},
  postPaymentRetryMinutes: DEFAULT_POST_PAYMENT_RETRY_MINUTES,
  logLevel: 'INFO',
  logRetentionDays: 30,
  oauthCallbackUrls: [],
  reserveConcurrency: stage === 'prod',
  messaging: {},
});

type ContextReader = (key: string) => unknown;

const bool = (key: string, raw: unknown): boolean => {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(`context ${key} must be true or false, got ${JSON.stringify(raw)}`);
};

const nonNegativeInt = (key: string, raw: unknown): number => {
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`context ${key} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  return value;
};

const list = (raw: unknown): string[] =>
  Array.isArray(raw)
    ? raw.map(String)
    : String(raw)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

// -c values arrive as strings; cdk.json values may be JSON objects.
const json = (key: string, raw: unknown): unknown => {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error(`context ${key} must be JSON, got ${raw}`);
  }
};

const throttle = (key: string, raw: unknown): Throttle => {
  const value = json(key, raw) as Partial<Throttle> | null;
  if (!value || typeof value !== 'object') throw new Error(`context ${key} must be {rateLimit, burstLimit}`);
  return {
    rateLimit: nonNegativeInt(`${key}.rateLimit`, value.rateLimit),
    burstLimit: nonNegativeInt(`${key}.burstLimit`, value.burstLimit),
  };
};

/** Reads every option from CDK context; unknown values fail synth with the option's name. */
export function stackConfigFromContext(read: ContextReader): StackConfig {
  const stage = String(read('stage') ?? 'dev');
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new Error(`context stage must be lowercase letters, digits and dashes (max 20), got ${stage}`);
  }
  const config = defaultStackConfig(stage);
  const has = (key: string) => read(key) !== undefined;

  if (has('prod')) config.prod = bool('prod', read('prod'));
  if (has('razorpayMode')) {
    const mode = read('razorpayMode');
    if (mode !== 'test' && mode !== 'live') throw new Error(`context razorpayMode must be test or live`);
    config.razorpayMode = mode;
  }
  if (has('corsOrigins')) config.corsOrigins = list(read('corsOrigins'));
  if (has('routeThrottle')) config.routeThrottle = throttle('routeThrottle', read('routeThrottle'));
  if (has('routeThrottleOverrides')) {
    const overrides = json('routeThrottleOverrides', read('routeThrottleOverrides')) as Record<
      string,
      unknown
    >;
    for (const [routeKey, value] of Object.entries(overrides ?? {})) {
      config.routeThrottleOverrides[routeKey] = throttle(`routeThrottleOverrides.${routeKey}`, value);
    }
  }
  for (const key of Object.keys(tunableEnv) as Tunable[]) {
    if (has(key)) config.tunables[key] = nonNegativeInt(key, read(key));
  }
  const window = config.tunables.paymentWindowSeconds;
  // The AwaitPayment task times out after this: 0 would fail every saga, and a shopper needs
  // time to pay; past a day Razorpay's own order expiry and the 3-day auto-refund get in the way.
  if (window !== undefined && (window < MIN_PAYMENT_WINDOW_SECONDS || window > MAX_PAYMENT_WINDOW_SECONDS)) {
    throw new Error(
      `context paymentWindowSeconds must be between ${MIN_PAYMENT_WINDOW_SECONDS} and ${MAX_PAYMENT_WINDOW_SECONDS}, got ${window}`,
    );
  }
  if (has('postPaymentRetryMinutes')) {
    const minutes = nonNegativeInt('postPaymentRetryMinutes', read('postPaymentRetryMinutes'));
    // Shorter would refund paid orders during an ordinary Razorpay outage; only tests of the local
    // runtime wait less (POST_PAYMENT_RETRY_MINUTES).
    if (minutes < MIN_DEPLOYED_POST_PAYMENT_RETRY_MINUTES || minutes > MAX_POST_PAYMENT_RETRY_MINUTES) {
      throw new Error(
        `context postPaymentRetryMinutes must be between ${MIN_DEPLOYED_POST_PAYMENT_RETRY_MINUTES} and ${MAX_POST_PAYMENT_RETRY_MINUTES}, got ${minutes}`,
      );
    }
    config.postPaymentRetryMinutes = minutes;
  }
  if (has('logLevel')) {
    const level = String(read('logLevel')).toUpperCase();
    if (!['DEBUG', 'INFO', 'WARN', 'ERROR'].includes(level)) throw new Error('context logLevel is invalid');
    config.logLevel = level as StackConfig['logLevel'];
  }
  if (has('logRetentionDays'))
    config.logRetentionDays = nonNegativeInt('logRetentionDays', read('logRetentionDays'));
  if (has('alarmEmail')) config.alarmEmail = String(read('alarmEmail'));
  if (has('cognitoSesFromAddress')) {
    const fromEmail = String(read('cognitoSesFromAddress'));
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(fromEmail)) {
      throw new Error(`context cognitoSesFromAddress must be an email address, got ${fromEmail}`);
    }
    const optional = (key: string) => (has(key) ? String(read(key)) : undefined);
    config.cognitoEmail = {
      fromEmail,
      fromName: optional('cognitoSesFromName'),
      sesRegion: optional('cognitoSesRegion'),
      sesVerifiedDomain: optional('cognitoSesVerifiedDomain'),
    };
  } else if (['cognitoSesFromName', 'cognitoSesRegion', 'cognitoSesVerifiedDomain'].some(has)) {
    throw new Error('context cognitoSesFromAddress is required with the other cognitoSes* options');
  }
  if (has('oauthCallbackUrls')) config.oauthCallbackUrls = list(read('oauthCallbackUrls'));
  if (has('reserveConcurrency'))
    config.reserveConcurrency = bool('reserveConcurrency', read('reserveConcurrency'));
  config.messaging = messagingFromContext(read);
  if (has('storeLocation')) {
    const { lat, lng } = (json('storeLocation', read('storeLocation')) ?? {}) as {
      lat?: unknown;
      lng?: unknown;
    };
    if (typeof lat !== 'number' || typeof lng !== 'number' || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      throw new Error('context storeLocation must be {"lat": <±90>, "lng": <±180>}');
    }
    config.storeLocation = { lat, lng };
  }
  return config;
}

/** sesFromAddress [sesIdentity] [sesConfigurationSet]; smsSenderId / smsOriginationNumber [smsDltEntityId smsDltTemplateIds]. */
function messagingFromContext(read: ContextReader): MessagingConfig {
  const text = (key: string) => {
    const raw = read(key);
    return raw === undefined || raw === '' ? undefined : String(raw);
  };
  const messaging: MessagingConfig = {};
  const fromAddress = text('sesFromAddress');
  if (fromAddress) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(fromAddress))
      throw new Error(`context sesFromAddress is not an address`);
    const configurationSet = text('sesConfigurationSet');
    messaging.email = {
      fromAddress,
      identity: text('sesIdentity') ?? fromAddress.split('@')[1]!,
      ...(configurationSet ? { configurationSet } : {}),
    };
  } else if (text('sesIdentity') || text('sesConfigurationSet')) {
    throw new Error('context sesIdentity / sesConfigurationSet need sesFromAddress');
  }
  const senderId = text('smsSenderId');
  const originationNumber = text('smsOriginationNumber');
  if (senderId || originationNumber) {
    if (senderId && !/^[A-Za-z0-9]{1,11}$/.test(senderId))
      throw new Error('context smsSenderId must be 1–11 letters or digits');
    const dltEntityId = text('smsDltEntityId');
    const templates = read('smsDltTemplateIds');
    messaging.sms = {
      ...(senderId ? { senderId } : {}),
      ...(originationNumber ? { originationNumber } : {}),
      ...(dltEntityId ? { dltEntityId } : {}),
      ...(templates === undefined
        ? {}
        : { dltTemplateIds: json('smsDltTemplateIds', templates) as Record<string, string> }),
    };
  }
  return messaging;
}
