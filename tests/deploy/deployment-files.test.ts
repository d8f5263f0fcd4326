import assert from "node:assert/strict";
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import YAML from "yaml";
import { ConfigError, envSchema, parseConfig } from "@/lib/config";

// Nothing here can run Docker or a cluster, so these check what can be checked offline: the files
// parse, reference what exists (routes, scripts, Secret keys, labels, ports, volumes), set only
// variables lib/config.ts knows, and keep the names the runbooks use (deploy/ops-portal, `app`).

const root = path.resolve(import.meta.dirname, "../..");
const k8sDir = path.join(root, "deploy/k8s");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Variables the deployment may set that are not the portal's configuration. */
const NOT_CONFIG = new Set(["BACKUP_DIR", "TZ"]); // scripts/backup.sh
const CONFIG_KEYS = new Set(Object.keys(envSchema.shape));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

function documents(file: string): Obj[] {
  const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"));
  for (const doc of docs) assert.deepEqual(doc.errors, [], `${path.relative(root, file)}: ${doc.errors.join("; ")}`);
  return docs.map((doc) => doc.toJS() as Obj).filter(Boolean);
}

const manifests = yamlFiles(k8sDir).flatMap((file) =>
  documents(file).map((doc) => ({ file: path.relative(k8sDir, file), doc })),
);
const find = (kind: string, name?: string): Obj => {
  const hit = manifests.find(({ doc }) => doc.kind === kind && (name === undefined || doc.metadata?.name === name));
  assert.ok(hit, `no ${kind}${name ? ` ${name}` : ""} in deploy/k8s`);
  return hit.doc;
};

const deployment = find("Deployment", "ops-portal");
const portalContainer = deployment.spec.template.spec.containers[0] as Obj;
const configMap = find("ConfigMap", "ops-portal-config");
const secretExample = find("Secret", "ops-portal-secrets");
const migrateJob = find("Job", "ops-portal-migrate");
const backupCronJob = find("CronJob");
const podSpecs: { what: string; spec: Obj }[] = [
  { what: "Deployment", spec: deployment.spec.template.spec },
  { what: "migrations Job", spec: migrateJob.spec.template.spec },
  { what: "backup CronJob", spec: backupCronJob.spec.jobTemplate.spec.template.spec },
];

function routeFileFor(urlPath: string): string {
  return path.join(root, "app", urlPath, "route.ts");
}

function matches(selector: Obj, labels: Obj): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

describe("Kubernetes manifests (deploy/k8s)", () => {
  test("every file parses and every object has apiVersion, kind and a name", () => {
    assert.ok(manifests.length >= 8);
    for (const { file, doc } of manifests) {
      assert.ok(doc.apiVersion && doc.kind, `${file}: apiVersion/kind`);
      if (doc.kind !== "Kustomization") assert.ok(doc.metadata?.name, `${file}: metadata.name`);
      assert.equal(doc.metadata?.namespace, undefined, `${file}: namespace-agnostic`);
    }
  });

  test("each kustomization lists files that exist; only the examples are left out", () => {
    const kustomizations = manifests.filter(({ doc }) => doc.kind === "Kustomization");
    const listed = new Set<string>();
    for (const { file, doc } of kustomizations) {
      for (const resource of doc.resources as string[]) {
        const target = path.join(path.dirname(file), resource);
        assert.ok(existsSync(path.join(k8sDir, target)), `${file}: ${resource} does not exist`);
        listed.add(target);
      }
    }
    const unlisted = yamlFiles(k8sDir)
      .map((f) => path.relative(k8sDir, f))
      .filter((f) => !listed.has(f) && path.basename(f) !== "kustomization.yaml");
    assert.deepEqual(unlisted.sort(), ["backup-cronjob.example.yaml", "secret.example.yaml"]);
    // The Job runs the image the Deployment is about to roll out.
    assert.deepEqual(kustomizations[0]!.doc.images, kustomizations[1]!.doc.images);
    assert.equal(kustomizations[0]!.doc.images[0].name, portalContainer.image);
    assert.equal(migrateJob.spec.template.spec.containers[0].image, portalContainer.image);
  });

  test("the Deployment is deploy/ops-portal with 2+ replicas, resources and a non-root, read-only container", () => {
    assert.ok(deployment.spec.replicas >= 2);
    assert.ok(matches(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels));
    assert.ok(portalContainer.resources.requests.cpu && portalContainer.resources.requests.memory);
    assert.ok(portalContainer.resources.limits.memory);
    assert.equal(deployment.spec.template.spec.securityContext.runAsNonRoot, true);
    assert.notEqual(deployment.spec.template.spec.securityContext.runAsUser, 0);
    assert.equal(portalContainer.securityContext.readOnlyRootFilesystem, true);
    assert.equal(portalContainer.securityContext.allowPrivilegeEscalation, false);
    const mounts = (portalContainer.volumeMounts as Obj[]).map((m) => m.mountPath);
    assert.ok(mounts.includes("/tmp") && mounts.includes("/app/.next/cache"), "writable /tmp and Next's cache");
  });

  test("probes: liveness on /api/health, readiness on /api/health/ready, routes that exist and need no session", async () => {
    assert.equal(portalContainer.livenessProbe.httpGet.path, "/api/health");
    // Only PostgreSQL decides readiness: a Redis outage must not take the runbooks offline.
    assert.equal(portalContainer.readinessProbe.httpGet.path, "/api/health/ready?require=postgres");
    const ports = new Set((portalContainer.ports as Obj[]).map((p) => p.name));
    const gate = existsSync(path.join(root, "lib/server/auth-gate.ts"))
      ? ((await import("@/lib/server/auth-gate")) as { isPublicPath?: (p: string) => boolean })
      : undefined;
    for (const kind of ["startupProbe", "livenessProbe", "readinessProbe"]) {
      const probe = portalContainer[kind] as Obj;
      assert.ok(probe, kind);
      assert.ok(ports.has(probe.httpGet.port), `${kind} port ${probe.httpGet.port} is a named container port`);
      const probePath = String(probe.httpGet.path).split("?")[0]!;
      assert.ok(existsSync(routeFileFor(probePath)), `${kind}: no route for ${probePath}`);
      if (gate?.isPublicPath) assert.ok(gate.isPublicPath(probePath), `${kind}: ${probePath} needs a session`);
    }
  });

  test("the Service and the PodDisruptionBudget select the Deployment's pods", () => {
    const service = find("Service", "ops-portal");
    const pdb = find("PodDisruptionBudget");
    const labels = deployment.spec.template.metadata.labels as Obj;
    assert.ok(matches(service.spec.selector, labels));
    assert.ok(matches(pdb.spec.selector.matchLabels, labels));
    assert.ok(pdb.spec.minAvailable >= 1 && pdb.spec.minAvailable < deployment.spec.replicas);
    const ports = new Set((portalContainer.ports as Obj[]).map((p) => p.name));
    for (const port of service.spec.ports as Obj[])
      assert.ok(ports.has(port.targetPort), `targetPort ${port.targetPort}`);
  });

  test("the migrations Job runs npm run db:migrate once, and the backup example runs scripts/backup.sh", () => {
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    const job = migrateJob.spec.template.spec.containers[0] as Obj;
    assert.deepEqual(job.command, ["npm", "run", "db:migrate"]);
    assert.ok(scripts["db:migrate"]);
    assert.equal(migrateJob.spec.backoffLimit, 0);
    const backup = backupCronJob.spec.jobTemplate.spec.template.spec.containers[0] as Obj;
    const script = path.join(root, backup.command[0] as string);
    accessSync(script, constants.X_OK);
    assert.ok(backup.command.includes("--keep"));
  });

  test("every pod volume mount has its volume, and Secret references name keys of the example Secret", () => {
    for (const { what, spec } of podSpecs) {
      const volumes = new Set(((spec.volumes as Obj[] | undefined) ?? []).map((v) => v.name));
      for (const container of spec.containers as Obj[]) {
        for (const mount of (container.volumeMounts as Obj[] | undefined) ?? [])
          assert.ok(volumes.has(mount.name), `${what}: volume ${mount.name}`);
        for (const from of (container.envFrom as Obj[] | undefined) ?? []) {
          if (from.secretRef) assert.equal(from.secretRef.name, secretExample.metadata.name, what);
          if (from.configMapRef) assert.equal(from.configMapRef.name, configMap.metadata.name, what);
        }
        for (const env of (container.env as Obj[] | undefined) ?? []) {
          const ref = env.valueFrom?.secretKeyRef as Obj | undefined;
          if (ref) {
            assert.equal(ref.name, secretExample.metadata.name, `${what}: ${env.name}`);
            assert.ok(ref.key in secretExample.stringData, `${what}: key ${ref.key}`);
          }
        }
      }
    }
  });

  test("every variable they set is one lib/config.ts validates", () => {
    const names = [
      ...Object.keys(configMap.data),
      ...Object.keys(secretExample.stringData),
      ...podSpecs.flatMap(({ spec }) =>
        (spec.containers as Obj[]).flatMap((c) => ((c.env as Obj[] | undefined) ?? []).map((e) => e.name as string)),
      ),
    ];
    assert.deepEqual(
      names.filter((name) => !CONFIG_KEYS.has(name) && !NOT_CONFIG.has(name)),
      [],
    );
    for (const key of ["DATABASE_URL", "REDIS_URL", "SENTRY_DSN", "SENTRY_AUTH_TOKEN", "AUTH_SECRET"])
      assert.ok(key in secretExample.stringData, key);
    assert.equal(configMap.data.NODE_ENV, "production");
  });

  test("the ConfigMap's values are valid, and the example Secret cannot be used unedited", () => {
    const secret = { ...(secretExample.stringData as Record<string, string>) };
    assert.throws(
      () => parseConfig({ ...configMap.data, ...secret }),
      (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith("AUTH_SECRET:")),
    );
    const cfg = parseConfig({ ...configMap.data, ...secret, AUTH_SECRET: "x".repeat(32) });
    assert.equal(cfg.NODE_ENV, "production");
    assert.equal(cfg.PORT, Number(portalContainer.ports[0].containerPort));
    // A hop count, never "true" (which believes the left-most, client-written X-Forwarded-For).
    assert.equal(cfg.TRUST_PROXY, 1);
  });
});

describe("compose.yaml", () => {
  const compose = YAML.parse(read("compose.yaml"), { merge: true }) as { services: Record<string, Obj> };
  const { services } = compose;
  const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

  test("the portal believes no X-Forwarded-For unless told which proxy sends it", () => {
    assert.match(String(services.app!.environment.TRUST_PROXY), /^\$\{TRUST_PROXY:-false\}$/);
  });

  test("app, migrate, worker, PostgreSQL 15 and Redis 7, with the runbooks' service name `app`", () => {
    assert.deepEqual(Object.keys(services).sort(), ["app", "migrate", "postgres", "redis", "worker"]);
    assert.match(services.postgres!.image, /^postgres:15\b/);
    assert.match(services.redis!.image, /^redis:7\b/);
    assert.ok(services.postgres!.healthcheck.test && services.redis!.healthcheck.test);
    assert.equal(services.app!.image, services.migrate!.image);
    assert.equal(services.app!.image, services.worker!.image);
    assert.ok(services.app!.build);
  });

  test("commands are package.json scripts; start order follows health and the migrations", () => {
    assert.deepEqual(services.migrate!.command, ["npm", "run", "db:migrate"]);
    assert.deepEqual(services.worker!.command, ["npm", "run", "demo:worker"]);
    assert.ok(scripts["db:migrate"] && scripts["demo:worker"]);
    assert.deepEqual(services.app!.depends_on, {
      postgres: { condition: "service_healthy" },
      redis: { condition: "service_healthy" },
      migrate: { condition: "service_completed_successfully" },
    });
    assert.deepEqual(services.migrate!.depends_on, { postgres: { condition: "service_healthy" } });
    // The image's HEALTHCHECK is an HTTP check: off for the services that serve no HTTP.
    assert.equal(services.migrate!.healthcheck.disable, true);
    assert.equal(services.worker!.healthcheck.disable, true);
  });

  test("every portal variable is one lib/config.ts validates", () => {
    for (const name of ["app", "migrate", "worker"]) {
      const keys = Object.keys(services[name]!.environment as Obj);
      assert.deepEqual(
        keys.filter((k) => !CONFIG_KEYS.has(k)),
        [],
        name,
      );
    }
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const dockerignore = read(".dockerignore")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));

  test("multi-stage: npm ci, Prisma generation, next build, a production install", () => {
    assert.ok((dockerfile.match(/^FROM /gm) ?? []).length >= 4);
    assert.match(dockerfile, /npm ci --ignore-scripts/);
    assert.match(dockerfile, /npm ci --omit=dev --ignore-scripts/);
    assert.match(dockerfile, /node scripts\/db-generate\.mjs/);
    assert.match(dockerfile, /next build/);
  });

  test("runtime: non-root, port 3000, health check on /api/health, server.ts through tsx in production", () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    assert.match(runtime, /^USER node$/m);
    assert.match(runtime, /^EXPOSE 3000$/m);
    assert.match(runtime, /^HEALTHCHECK .*\n?.*\/api\/health'/m);
    assert.match(runtime, /NODE_ENV=production/);
    assert.match(runtime, /^CMD \["node", "--import", "tsx", "server\.ts"\]$/m);
    assert.ok(existsSync(routeFileFor("/api/health")));
  });

  test("everything the runtime stage copies exists, and .dockerignore keeps it in the context", () => {
    const copied = [...dockerfile.matchAll(/^COPY --from=build (.+) \S+$/gm)]
      .flatMap((m) => m[1]!.split(/\s+/))
      .map((p) => p.replace(/^\/app\//, ""));
    assert.ok(copied.includes("server.ts") && copied.includes("lib") && copied.includes("runbooks"));
    for (const file of copied) {
      if ([".next", "public"].includes(file)) continue; // made by the build stage
      assert.ok(existsSync(path.join(root, file)), `${file} does not exist`);
      assert.ok(!dockerignore.includes(file), `${file} is excluded from the build context`);
    }
    for (const excluded of ["node_modules", ".next", ".env", ".data", "lib/generated"])
      assert.ok(dockerignore.includes(excluded), excluded);
  });

  test("the image holds every project file the migrate Job's npm run db:migrate imports", () => {
    const copied = [...dockerfile.matchAll(/^COPY --from=build (.+) \S+$/gm)]
      .flatMap((m) => m[1]!.split(/\s+/))
      .map((p) => p.replace(/^\/app\//, ""));
    const script = /tsx (\S+)/.exec(
      (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> })
        .scripts["db:migrate"]!,
    )![1]!;
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, spec] of readFileSync(path.join(root, file), "utf8").matchAll(
        /^import [^;]*?from "((?:@\/|\.)[^"]+)"/gm,
      )) {
        const base = spec!.startsWith("@/") ? spec!.slice(2) : path.join(path.dirname(file), spec!);
        const resolved = [base, `${base}.ts`, `${base}/index.ts`].find(
          (f) => existsSync(path.join(root, f)) && statSync(path.join(root, f)).isFile(),
        );
        assert.ok(resolved, `${file} imports ${spec}, which does not exist`);
        visit(resolved);
      }
    };
    visit(script);
    for (const file of seen) {
      assert.ok(
        copied.some((c) => file === c || file.startsWith(`${c}/`)),
        `${file} (imported by ${script}) is not copied into the image`,
      );
    }
  });
});
