import { startFakeSentry, type FakeSentry } from "@/tests/fake-sentry/server";
import { startPortal } from "./processes";

// A second portal process whose Sentry panels read the local fake Sentry (tests/fake-sentry),
// seeded with the demo issues and transactions. Sentry itself cannot be reached from here.

export interface PortalWithSentry {
  fake: FakeSentry;
  portal: Awaited<ReturnType<typeof startPortal>>;
  stop(): Promise<void>;
}

export async function startPortalWithFakeSentry(env: Record<string, string> = {}): Promise<PortalWithSentry> {
  const fake = await startFakeSentry({ demo: true });
  const project = fake.state.projects[0]?.id ?? "42";
  let portal: PortalWithSentry["portal"];
  try {
    portal = await startPortal({
      SENTRY_API_URL: fake.url,
      SENTRY_ORG: fake.state.org,
      SENTRY_PROJECT: project,
      SENTRY_AUTH_TOKEN: fake.state.token,
      ...env,
    });
  } catch (error) {
    await fake.close();
    throw error;
  }
  return {
    fake,
    portal,
    async stop() {
      await portal.stop();
      await fake.close();
    },
  };
}
