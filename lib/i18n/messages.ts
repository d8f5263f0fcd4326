// UI strings. Brazilian Portuguese is the team's language and the default; English on request.

export const LOCALES = ["pt-BR", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "pt-BR";

const ptBR = {
  "app.name": "Portal de Operações",
  "nav.home": "Início",
  "nav.runbooks": "Runbooks",
  "nav.queues": "Filas (Bull Board)",
  "nav.health": "Saúde",
  "nav.language": "English",
  "home.title": "Visão geral",
  "home.subtitle": "Estado atual das filas monitoradas e das dependências do portal.",
  "home.queues": "Filas monitoradas",
  "home.openBoard": "Abrir o painel de filas",
  "queue.waiting": "Aguardando",
  "queue.active": "Em execução",
  "queue.failed": "Falhados",
  "queue.delayed": "Agendados",
  "queue.dlq": "DLQ",
  "queue.unavailable": "Filas indisponíveis: o Redis não respondeu. Verifique o Redis em REDIS_URL e a saúde em /api/health/ready.",
  "health.title": "Dependências",
  "health.up": "Operando",
  "health.down": "Fora do ar",
  "health.latency": "latência",
  "footer.version": "Versão",
} as const;

export type MessageKey = keyof typeof ptBR;

const en: Record<MessageKey, string> = {
  "app.name": "Operations Portal",
  "nav.home": "Home",
  "nav.runbooks": "Runbooks",
  "nav.queues": "Queues (Bull Board)",
  "nav.health": "Health",
  "nav.language": "Português",
  "home.title": "Overview",
  "home.subtitle": "Current state of the monitored queues and of the portal's dependencies.",
  "home.queues": "Monitored queues",
  "home.openBoard": "Open the queue dashboard",
  "queue.waiting": "Waiting",
  "queue.active": "Active",
  "queue.failed": "Failed",
  "queue.delayed": "Delayed",
  "queue.dlq": "DLQ",
  "queue.unavailable": "Queues unavailable: Redis did not answer. Check Redis at REDIS_URL and health at /api/health/ready.",
  "health.title": "Dependencies",
  "health.up": "Up",
  "health.down": "Down",
  "health.latency": "latency",
  "footer.version": "Version",
};

const catalogs: Record<Locale, Record<MessageKey, string>> = { "pt-BR": ptBR, en };

export function translator(locale: Locale): (key: MessageKey) => string {
  const catalog = catalogs[locale];
  return (key) => catalog[key];
}

export function isLocale(value: string | undefined): value is Locale {
  return LOCALES.includes(value as Locale);
}
