// The custom server (run by tsx) and Next's bundled route handlers load separate copies of our
// modules. Process-wide resources (connections, registries, caches) are therefore kept on
// globalThis so that both copies share one instance.

const store = globalThis as typeof globalThis & { __opsPortal?: Map<string, unknown> };

export function processSingleton<T>(key: string, create: () => T): T {
  store.__opsPortal ??= new Map();
  if (!store.__opsPortal.has(key)) store.__opsPortal.set(key, create());
  return store.__opsPortal.get(key) as T;
}

export function peekSingleton<T>(key: string): T | undefined {
  return store.__opsPortal?.get(key) as T | undefined;
}

export function forgetSingleton(key: string): void {
  store.__opsPortal?.delete(key);
}
