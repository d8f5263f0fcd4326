import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import Provider from "oidc-provider";
import { freePort } from "./processes";

// A real OpenID Connect provider (panva's oidc-provider) on a loopback port, with its built-in
// development login screen: any login name signs in, as `<login>@exemplo.com.br`. A login that
// starts with "unverified." gets `email_verified: false`, as a provider says of an e-mail its user
// typed in but never confirmed.

export interface LocalOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startOidcProvider(redirectUri: string): Promise<LocalOidc> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "ops-portal";
  const clientSecret = "e2e-oidc-client-secret-0123456789";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["e2e-oidc-cookie-key-0123456789abcdef"] },
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: `${id}@exemplo.com.br`,
            email_verified: !id.startsWith("unverified."),
            name: `SSO ${id}`,
          };
        },
      };
    },
  });
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, "127.0.0.1", () => resolve(s));
  });
  return {
    issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    clientId,
    clientSecret,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
