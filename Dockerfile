# syntax=docker/dockerfile:1.7
# The portal image. server.ts (Express in front of Next, ADR 0001) serves the `next build` output
# through tsx from a production install: a custom server cannot use Next's standalone output.
#
#   docker build -t <registry>/ops-portal:<version> \
#     --build-arg SENTRY_RELEASE=ops-portal@<version> \
#     --build-arg NEXT_PUBLIC_SENTRY_DSN=<public DSN, optional> .
#
# The same image runs the portal (default CMD), the migrations (`npm run db:migrate`), the demo
# workload (`npm run demo:worker`) and the backups (`scripts/backup.sh`). See docs/production.md.

# Node 20 is the runtime the project is tested on (package.json engines, CI). Node 20 left
# upstream support in 2026-04: move CI and this default to the next LTS together.
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

# ---- every dependency, dev included: what the Prisma generator and `next build` need ----------
FROM base AS deps
COPY package.json package-lock.json ./
# Nothing in the project relies on install scripts (npm 11 skips them unless approved), and
# Prisma's would try to download engines it does not use: skip them everywhere.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts

# ---- Prisma client + production build ----------------------------------------------------------
FROM deps AS build
COPY . .
# Offline generate (ADR 0002): into lib/generated/prisma.
RUN node scripts/db-generate.mjs
# Inlined into the browser bundle at build time: public values only. Never pass SENTRY_AUTH_TOKEN
# or any other secret here (build args end up in the image history).
ARG NEXT_PUBLIC_SENTRY_DSN=""
ARG NEXT_PUBLIC_SENTRY_ENVIRONMENT=""
ARG SENTRY_RELEASE=""
RUN NODE_ENV=production npx next build \
 && rm -rf .next/cache \
 && mkdir -p public

# ---- production dependencies only (tsx is one: server.ts and the scripts run through it) -------
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts

# ---- runtime -----------------------------------------------------------------------------------
FROM base AS runtime
# pg_dump / pg_restore / psql for scripts/backup.sh and scripts/restore.sh run from this image.
# Debian 12 ships the PostgreSQL 15 client; pg_dump must be at least the server's major version.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    npm_config_cache=/tmp/.npm
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json /app/next.config.ts /app/server.ts ./
COPY --from=build /app/lib ./lib
COPY --from=build /app/scripts ./scripts
# The migration runner (npm run db:migrate, deploy/k8s/migrate) lives in tools/db.
COPY --from=build /app/tools ./tools
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/runbooks ./runbooks
COPY --from=build /app/public ./public
COPY --from=build /app/.next ./.next
# The code stays root-owned and read-only for the app; only Next's cache directory is writable
# (an emptyDir in Kubernetes, where the root filesystem is read-only).
RUN mkdir -p .next/cache && chown node:node .next/cache
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node itself as PID 1 (not npm): SIGTERM reaches server.ts, which drains and closes cleanly.
CMD ["node", "--import", "tsx", "server.ts"]
