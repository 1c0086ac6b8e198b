// Types of scripts/secure-broker.mjs for the TypeScript tests that import it.
export declare const CONTROL_PLANE_USERNAME: string;
export declare const DEFAULT_SECURE_BROKER_PORT: number;

export interface SecureBroker {
  url: string;
  port: number;
  dir: string;
  adminUsername: string;
  output(): string;
  stop(): Promise<void>;
}

export interface SecureBrokerOptions {
  port?: number;
  dir?: string;
  adminPassword: string;
  adminUsername?: string;
  host?: string;
}

export declare function dynsecSeed(adminPassword: string, adminUsername?: string): Record<string, unknown>;
export declare function startSecureBroker(options: SecureBrokerOptions): Promise<SecureBroker>;
