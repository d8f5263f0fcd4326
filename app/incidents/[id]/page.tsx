import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AttachRunbook } from "@/components/incidents/AttachRunbook";
import { DlqActions } from "@/components/incidents/DlqActions";
import { Escalation } from "@/components/incidents/Escalation";
import { JobSearchForm } from "@/components/jobs/JobSearchForm";
import { IncidentRoom } from "@/components/incidents/IncidentRoom";
import { TimeZoneNote } from "@/components/incidents/TimeZoneNote";
import { IncidentStep, IncidentStepsHeader, IncidentStepsProvider } from "@/components/incidents/IncidentSteps";
import { LivePanel } from "@/components/panels/LivePanel";
import { RunbookContent } from "@/components/runbook/RunbookContent";
import { Alert } from "@/components/ui/Alert";
import { TextLink } from "@/components/ui/TextLink";
import { StartAtStep } from "@/components/runbook/StartAtStep";
import { requirePageUser } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { config } from "@/lib/config";
import { NotFoundError } from "@/lib/http/errors";
import { getTranslator } from "@/lib/i18n/server";
import { alertContext, scopePanels } from "@/lib/incidents/alert-context";
import { getIncident, incidentHeading, INCIDENT_RUNBOOK_KINDS } from "@/lib/incidents/incidents";
import { listDeadLetters } from "@/lib/incidents/jobs";
import { listCommanders } from "@/lib/incidents/people";
import { loadForPage } from "@/lib/panels/load";
import type { PanelSpec } from "@/lib/panels/types";
import { runbookLibrary } from "@/lib/runbooks/library";
import type { PlacedPanel } from "@/lib/runbooks/types";

export const dynamic = "force-dynamic";

interface PageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

async function load(id: string) {
  try {
    return await getIncident(id);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { id } = await params;
  const incident = await incidentHeading(id).catch(() => null);
  return { title: incident ? `INC-${incident.number} ${incident.title}` : "Incidente" };
}

const specOf = (panel: PlacedPanel) => ({ type: panel.type, args: panel.args }) as PanelSpec;

/** The commander's page: the runbook with its live panels and tickable steps beside the live timeline. */
export default async function IncidentPage({ params, searchParams }: PageProps) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const user = await requirePageUser("portal:read", `/incidents/${encodeURIComponent(id)}`);
  // `?panels=off`: without touching Redis or Sentry (benchmarks, slow links).
  const panelsOff = query.panels === "off";
  const [incident, { locale, t }, commanders] = await Promise.all([load(id), getTranslator(), listCommanders()]);
  const runbook = incident.runbookSlug ? await runbookLibrary().render(incident.runbookSlug) : undefined;
  // An alert's runbook_url step and queue label: where to start, which queue the panels show.
  const alert = runbook && incident.source !== "manual" ? await alertContext(incident.id) : {};
  const specs = runbook ? scopePanels(runbook.rendered.panels.map(specOf), alert.queue, config().queues) : [];
  const snapshots =
    runbook && !panelsOff ? await Promise.all(specs.map((spec) => (spec ? loadForPage(spec) : null))) : [];
  const startHeading = alert.anchor ? runbook?.rendered.toc.find((heading) => heading.id === alert.anchor) : undefined;
  const timeZone = config().TIMEZONE;
  const meta = runbook?.parsed.meta;
  // DLQ actions belong on queue incidents (runbooks whose panels show a DLQ or failed jobs).
  const showDlq =
    !panelsOff &&
    can(user.role, "jobs:act") &&
    !!runbook?.rendered.panels.some((p) => p.type === "dlq" || p.type === "failed-jobs");
  const deadLetters = showDlq ? await listDeadLetters() : null;
  const runbookQueues = [
    ...new Set(
      runbook?.rendered.panels.flatMap((p) => (p.type === "dlq" || p.type === "failed-jobs" ? [p.args.queue] : [])) ??
        [],
    ),
  ];
  const attachable =
    !runbook && can(user.role, "incidents:write")
      ? (await runbookLibrary().list()).filter((r) => INCIDENT_RUNBOOK_KINDS.includes(r.meta.kind))
      : [];

  return (
    <div>
      <header className="mb-4 border-b border-slate-200 pb-3">
        <p className="font-mono text-xs text-slate-500">
          INC-{incident.number} · {t(`incidents.source.${incident.source}`)}
        </p>
        {/* The severity is shown (and kept live) in the incident room. */}
        <h1 className="text-2xl font-bold break-words text-slate-900">{incident.title}</h1>
        {runbook && (
          <p className="mt-1 text-sm">
            <TextLink href={`/runbooks/${runbook.parsed.slug}`}>{meta?.title ?? runbook.parsed.slug}</TextLink>
          </p>
        )}
        {startHeading && (
          <p className="mt-1 text-sm text-slate-700" data-testid="alert-start">
            {t("incidents.alertStart")}{" "}
            <a href={`#${encodeURIComponent(startHeading.id)}`} className="font-medium text-sky-800 hover:underline">
              {startHeading.text}
            </a>
            <StartAtStep anchor={startHeading.id} />
          </p>
        )}
        <TimeZoneNote timeZone={timeZone} locale={locale} className="mt-1" />
        {alert.queue && specs.some((spec) => spec?.type === "dlq" || spec?.type === "failed-jobs") && (
          <p className="mt-1 text-sm text-slate-700" data-testid="alert-queue">
            {t("incidents.alertQueue")} <code className="font-mono">{alert.queue}</code>
          </p>
        )}
      </header>

      <div className="flex flex-col gap-6 lg:grid lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
        {/* On a phone the timeline comes first: it is what the commander acts on. */}
        <div className="order-1 space-y-4 lg:order-2">
          <IncidentRoom
            initial={incident}
            locale={locale}
            timeZone={timeZone}
            serverNow={new Date().toISOString()}
            canWrite={can(user.role, "incidents:write")}
            commanders={commanders}
          />
          {deadLetters && (
            <DlqActions
              incidentId={incident.id}
              rows={deadLetters.rows}
              unavailable={deadLetters.unavailable}
              locale={locale}
            />
          )}
          {runbookQueues.length > 0 && <JobSearchForm t={t} queues={runbookQueues} label={t("search.fromIncident")} />}
          {meta?.escalation && (
            <Escalation
              steps={meta.escalation}
              openedAt={incident.openedAt}
              endedAt={incident.resolvedAt}
              locale={locale}
              timeZone={timeZone}
            />
          )}
        </div>
        <article className="order-2 min-w-0 lg:order-1">
          {!runbook && (
            <p className="text-sm text-slate-600">
              {t(incident.source === "manual" ? "incidents.attach.none" : "incidents.noRunbook")}
            </p>
          )}
          {attachable.length > 0 && (
            <AttachRunbook
              incidentId={incident.id}
              runbooks={attachable.map((r) => ({ slug: r.slug, title: r.meta.title }))}
              locale={locale}
            />
          )}
          {runbook && incident.runbookVersion && incident.runbookVersion !== runbook.parsed.version && (
            <Alert tone="warning" role="note" borderless className="mb-3">
              {t("incidents.runbookChanged")}
            </Alert>
          )}
          {runbook && (
            <IncidentStepsProvider
              incidentId={incident.id}
              initialSteps={incident.steps}
              itemIds={runbook.rendered.items.map((item) => item.id)}
              canTick={can(user.role, "incidents:write")}
              locale={locale}
              timeZone={timeZone}
            >
              <IncidentStepsHeader />
              <RunbookContent
                rendered={runbook.rendered}
                // The header already names the runbook (as a link): its own title would repeat it.
                className="break-words [&_h1]:hidden"
                renderPanel={(panel) => {
                  const index = runbook.rendered.panels.indexOf(panel);
                  const spec = specs[index];
                  // null: the same queue panel already appears above, scoped to the alert's queue.
                  if (panelsOff || !spec) return null;
                  return (
                    <LivePanel
                      panel={spec}
                      initial={snapshots[index] ?? { status: "loading" }}
                      locale={locale}
                      timeZone={timeZone}
                    />
                  );
                }}
                renderItem={(item, children) => (
                  <IncidentStep item={{ id: item.id, text: item.text, optional: item.optional }}>
                    {children}
                  </IncidentStep>
                )}
              />
            </IncidentStepsProvider>
          )}
        </article>
      </div>
    </div>
  );
}
