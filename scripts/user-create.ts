// `npm run user:create -- --email ana@example.com --name "Ana" --role admin [--password-stdin]`
// Creates a local account. The password is read from stdin (--password-stdin) or asked for
// without echo; there is never a default password.
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { config } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { createLocalUser } from "@/lib/auth/users";
import { ZodError } from "zod";

const USAGE =
  'Usage: npm run user:create -- --email EMAIL --name "NAME" --role viewer|operator|manager|admin [--password-stdin]';

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    let input = "";
    for await (const chunk of process.stdin) input += chunk;
    return input.replace(/\r?\n$/, "");
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(q);
      const mute = rl as unknown as { _writeToOutput: (s: string) => void };
      mute._writeToOutput = () => undefined; // no echo
      rl.question("", (answer) => resolve(answer));
    });
  const first = await ask("Password: ");
  process.stdout.write("\n");
  const second = await ask("Repeat password: ");
  process.stdout.write("\n");
  rl.close();
  if (first !== second) throw new Error("the passwords do not match");
  return first;
}

try {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      "password-stdin": { type: "boolean", default: false },
    },
  });
  if (!values.email || !values.name || !values.role) throw new Error(`missing arguments\n${USAGE}`);
  const password = await readPassword(values["password-stdin"] ?? false);
  const prisma = createPrismaClient(config().DATABASE_URL);
  try {
    const user = await createLocalUser(
      prisma,
      { email: values.email, name: values.name, role: values.role as "viewer", password },
      { id: null, label: `cli:${process.env.USER ?? "unknown"}` },
    );
    console.log(`Created ${values.role} ${values.email} (${user.id})`);
  } finally {
    await prisma.$disconnect();
  }
} catch (err) {
  const message =
    err instanceof ZodError
      ? err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
      : (err as Error).message;
  console.error(`user:create: ${message}`);
  process.exit(1);
}
