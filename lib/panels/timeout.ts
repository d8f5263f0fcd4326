// Every panel source gets a time limit: a hung Redis or a slow Sentry must cost the page a
// bounded wait, never the whole request.

export class PanelTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = "PanelTimeoutError";
  }
}

/** Settles with `work`, or rejects with PanelTimeoutError after `ms` (the work keeps running). */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PanelTimeoutError(ms)), ms);
  });
  // A rejection of `work` after the timeout won must not surface as unhandled.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves with `work`'s value, or with `fallback` once `ms` have passed. Never rejects if `work` does not. */
export function within<T, F>(work: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const seconds = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 1 });

/** "1,5 s": the operators read Brazilian Portuguese. */
export function formatSeconds(ms: number): string {
  return `${seconds.format(ms / 1000)} s`;
}
