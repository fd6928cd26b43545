// The whole local system for one test file, and a small client that speaks docs/api.md.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { signDevToken } from '../../local/dev/auth';
import { type LocalSystem, type LocalSystemOptions, startLocalSystem } from '../../local/system';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get = <T = any>(path: string, options?: RequestOptions) => this.request<T>('GET', path, options);
  post = <T = any>(path: string, options?: RequestOptions) => this.request<T>('POST', path, options);
  put = <T = any>(path: string, options?: RequestOptions) => this.request<T>('PUT', path, options);
  patch = <T = any>(path: string, options?: RequestOptions) => this.request<T>('PATCH', path, options);
  delete = <T = any>(path: string, options?: RequestOptions) => this.request<T>('DELETE', path, options);
}

export const tokenFor = (role: 'shopper' | 'rider' | 'admin', sub = `${role}-${randomUUID().slice(0, 8)}`) =>
  signDevToken(sub, role);

/** Starts the local system (own tables, shared DynamoDB Local) for the calling test file. */
/** `options` adds to the defaults (e.g. `retryDelayScale` to run saga retries fast). */
export function useLocalSystem(
  options: Partial<Omit<LocalSystemOptions, 'httpPort' | 'dynamoEndpoint' | 'tablePrefix'>> = {},
): { api: () => ApiClient; localSystem: () => LocalSystem } {
  let system: LocalSystem | undefined;
  let client: ApiClient | undefined;
  beforeAll(async () => {
    system = await startLocalSystem({
      httpPort: 0,
      wsPort: 0,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tablePrefix: `t${randomUUID().slice(0, 8)}-`,
      ...options,
    });
    client = new ApiClient(system.httpUrl);
  });
  afterAll(async () => {
    await system?.stop();
  });
  return { api: () => client!, localSystem: () => system! };
}
