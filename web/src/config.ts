// Where the backend is: config.json beside the page, written by the local runtime or by the CDK
// deployment, so one build serves both.
export interface SiteConfig {
  /** HTTP API base URL, no trailing slash. */
  apiUrl: string;
  /** WebSocket URL; the page appends ?token=. */
  wsUrl: string;
  /** Set by the local runtime: sign in with POST /dev/token and pay through the Razorpay double. */
  local?: boolean;
  /** Cognito (deployed): the page signs in against this user pool app client. */
  userPoolId?: string;
  userPoolClientId?: string;
  /** Where the dark store is, for the map; a demo store in Bengaluru when absent. */
  store?: { lat: number; lng: number };
}

export async function loadConfig(): Promise<SiteConfig> {
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error('The page could not find its configuration (config.json).');
  const config = (await response.json()) as SiteConfig;
  return { ...config, apiUrl: config.apiUrl.replace(/\/+$/, '') };
}
