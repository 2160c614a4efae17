import { resolve } from 'node:path';
import { z } from 'zod';
import type { LimitSettings } from './limits';
import { DEFAULT_RATE_LIMITS } from './limits/rate-limit';
import { DEFAULT_WEBSOCKET_LIMITS } from './limits/websocket';

const env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().min(1).optional(),
  LORALAB_DATA_DIR: z.string().min(1).default('.loralab'),
  LORALAB_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  LORALAB_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  LORALAB_LEASE_SECONDS: z.coerce.number().positive().default(60),
  LORALAB_REAPER_INTERVAL_MS: z.coerce.number().int().positive().default(2000),
  LORALAB_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.perKeyPerMinute),
  LORALAB_BAD_KEY_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.badKeysPerIpPerMinute),
  LORALAB_WS_MAX_CONNECTIONS: z.coerce.number().int().positive().default(DEFAULT_WEBSOCKET_LIMITS.maxConnections),
  LORALAB_WS_MAX_CONNECTIONS_PER_KEY: z.coerce.number().int().positive().default(DEFAULT_WEBSOCKET_LIMITS.maxConnectionsPerKey),
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface ApiConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  adminKey?: string;
  leaseSeconds: number;
  reaperIntervalMs: number;
  production: boolean;
  logLevel: string;
  limits: Partial<LimitSettings>;
}

/** Reads the configuration from the environment (the README's configuration table). */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.LORALAB_DATA_DIR),
    embeddedPgPort: e.LORALAB_PG_PORT,
    adminKey: e.LORALAB_ADMIN_KEY,
    leaseSeconds: e.LORALAB_LEASE_SECONDS,
    reaperIntervalMs: e.LORALAB_REAPER_INTERVAL_MS,
    production: e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    limits: {
      rate: { perKeyPerMinute: e.LORALAB_RATE_LIMIT_PER_MINUTE, badKeysPerIpPerMinute: e.LORALAB_BAD_KEY_LIMIT_PER_MINUTE },
      webSocket: {
        maxConnections: e.LORALAB_WS_MAX_CONNECTIONS,
        maxConnectionsPerKey: e.LORALAB_WS_MAX_CONNECTIONS_PER_KEY,
        maxMessageBytes: DEFAULT_WEBSOCKET_LIMITS.maxMessageBytes,
      },
    },
  };
}
