import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { config } from "@/lib/config";
import { processSingleton, peekSingleton, forgetSingleton } from "@/lib/runtime";

export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    // Fail fast when PostgreSQL is down instead of holding requests for the default 30 s.
    connectionTimeoutMillis: 3000,
    max: 10,
  });
  return new PrismaClient({ adapter });
}

/** The process-wide Prisma client. */
export function db(): PrismaClient {
  return processSingleton("prisma", () => createPrismaClient(config().DATABASE_URL));
}

export async function disconnectDb(): Promise<void> {
  const client = peekSingleton<PrismaClient>("prisma");
  if (!client) return;
  forgetSingleton("prisma");
  await client.$disconnect();
}
