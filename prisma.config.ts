import { defineConfig } from "prisma/config";

// The datasource URL only matters to engine-backed commands (migrate deploy/status), which we
// run on machines that have the native engine; locally `npm run db:migrate` applies migrations.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/ops_portal" },
});
