import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { Element, Root } from "hast";
import { PrintButton } from "@/components/library/PrintButton";
import { RunbookHeader } from "@/components/library/RunbookHeader";
import { LivePanel } from "@/components/panels/LivePanel";
import { StaticPanel } from "@/components/panels/StaticPanel";
import { panelEvidenceKey } from "@/components/checklists/evidence";
import { checklistPage } from "@/components/checklists/setup";
import { RunbookContent } from "@/components/runbook/RunbookContent";
import { RunbookToc } from "@/components/runbook/RunbookToc";
import { Alert } from "@/components/ui/Alert";
import { ButtonLink } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { TextLink } from "@/components/ui/TextLink";
import { config } from "@/lib/config";
import { getTranslator } from "@/lib/i18n/server";
import { loadForPage } from "@/lib/panels/load";
import type { PanelSnapshot, PanelSpec } from "@/lib/panels/types";
import { hastText } from "@/lib/runbooks/hast-text";
import { reviewDueDate, reviewOverdue, runbookLibrary } from "@/lib/runbooks/library";
import type { RenderedRunbook } from "@/lib/runbooks/render";
import type { PlacedPanel } from "@/lib/runbooks/types";
import { requirePageUser } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;
interface PageProps {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParams>;
}

const flag = (params: SearchParams, name: string) => (Array.isArray(params[name]) ? params[name][0] : params[name]);

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { slug } = await params;
  const runbook = await runbookLibrary().getRunbook(slug);
  return { title: runbook?.meta?.title ?? (runbook ? slug : "Runbook não encontrado") };
}

// Per cached tree, so the page's content segments (components/runbook/segments.ts), which are
// cached per tree too, are built once per runbook version and not on every request.
const untitled = new WeakMap<RenderedRunbook, RenderedRunbook>();

/**
 * The page header already shows the title, so the body's leading `# Title` (the same words) is
 * left out of the content and of the table of contents. The cached tree is not touched.
 */
function withoutTitleHeading(rendered: RenderedRunbook, title: string | undefined): RenderedRunbook {
  const first = rendered.tree.children.find((node): node is Element => node.type === "element");
  if (!title || first?.tagName !== "h1" || hastText(first).trim() !== title.trim()) return rendered;
  let result = untitled.get(rendered);
  if (!result) {
    const tree: Root = { ...rendered.tree, children: rendered.tree.children.filter((node) => node !== first) };
    result = { ...rendered, tree, toc: rendered.toc.filter((entry) => entry.id !== first.properties.id) };
    untitled.set(rendered, result);
  }
  return result;
}

function specOf(panel: PlacedPanel): PanelSpec {
  return { type: panel.type, args: panel.args } as PanelSpec;
}

export default async function RunbookPage({ params, searchParams }: PageProps) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const user = await requirePageUser("portal:read", `/runbooks/${encodeURIComponent(slug)}`);
  const result = await runbookLibrary().render(slug);
  if (!result) notFound();
  const { parsed } = result;
  const meta = parsed.meta;
  const rendered = withoutTitleHeading(result.rendered, meta?.title);

  const printView = flag(query, "print") === "1";
  // `?panels=off`: the text without touching Redis or Sentry (print, slow links, benchmarks).
  const panelsOff = printView || flag(query, "panels") === "off";

  const [{ locale, t }, snapshots] = await Promise.all([
    getTranslator(),
    // Every panel loads in parallel; none may hold the page past the budget (then "loading").
    panelsOff
      ? Promise.resolve<PanelSnapshot[]>([])
      : Promise.all(rendered.panels.map((panel) => loadForPage(specOf(panel)))),
  ]);
  const timeZone = config().TIMEZONE;
  const dueDate = meta ? reviewDueDate(meta.review) : "";
  const overdue = meta ? reviewOverdue(meta, new Date()) : false;
  const errors = parsed.problems.filter((problem) => problem.severity === "error");
  // A checklist opens (or creates) its current period's run; the print view stays plain text.
  const checklist =
    meta?.kind === "checklist" && !printView
      ? await checklistPage({
          slug: parsed.slug,
          user,
          items: rendered.items,
          panels: rendered.panels,
          headings: parsed.headings,
          locale,
          timeZone,
        })
      : null;

  const renderPanel = (panel: PlacedPanel) => {
    const spec = specOf(panel);
    if (panelsOff) return <StaticPanel panel={spec} locale={locale} />;
    const index = rendered.panels.indexOf(panel);
    const initial = snapshots[index] ?? ({ status: "loading" } as const);
    return (
      <LivePanel
        panel={spec}
        initial={initial}
        locale={locale}
        timeZone={timeZone}
        evidenceKey={panelEvidenceKey(index)}
      />
    );
  };

  const base = `/runbooks/${encodeURIComponent(slug)}`;
  const actions = (
    <>
      {meta?.kind === "alert" && !printView && can(user.role, "incidents:write") && (
        <ButtonLink href={`/incidents/new?runbook=${encodeURIComponent(slug)}`} variant="urgent" data-start-incident>
          {t("incidents.start")}
        </ButtonLink>
      )}
      <PrintButton label={t("runbook.print")} />
      {printView ? (
        <TextLink href={base} className="text-sm">
          {t("runbook.backToLive")}
        </TextLink>
      ) : (
        <TextLink href={`${base}?print=1`} className="text-sm">
          {t("runbook.printView")}
        </TextLink>
      )}
    </>
  );

  const toc = printView ? null : <RunbookToc toc={rendered.toc} />;

  return (
    <div className={printView ? "mx-auto max-w-4xl" : "lg:grid lg:grid-cols-[minmax(0,1fr)_15rem] lg:gap-10"}>
      <article className="min-w-0" data-runbook={parsed.slug}>
        {meta ? (
          <RunbookHeader
            meta={meta}
            slug={parsed.slug}
            version={parsed.version}
            locale={locale}
            overdue={overdue}
            dueDate={dueDate}
            actions={actions}
          />
        ) : (
          <header className="mb-6 border-b border-slate-200 pb-5">
            <h1 className="font-mono text-2xl font-bold text-slate-900">{parsed.slug}</h1>
            <p className="mt-1 text-xs text-slate-500">
              {t("runbook.version")} <code title={parsed.version}>{parsed.version.slice(0, 12)}</code>
            </p>
            <div className="mt-2 flex gap-2">{actions}</div>
          </header>
        )}

        {printView && (
          <Alert tone="info" role="note" borderless className="no-print mb-4">
            {t("runbook.printViewNote")}
          </Alert>
        )}

        {(!meta || errors.length > 0) && (
          <Alert tone="error" role="alert" size="lg" className="mb-6">
            {!meta && (
              <>
                <p className="font-semibold">{t("runbook.invalid.title")}</p>
                <p className="mt-0.5">{t("runbook.invalid.body")}</p>
              </>
            )}
            <details className="mt-2" open={!meta}>
              <summary className="cursor-pointer font-medium">
                {t("runbook.problems")}: {errors.length}
              </summary>
              <ul className="mt-1 space-y-0.5 pl-4">
                {errors.map((problem, index) => (
                  <li key={index} className="break-words">
                    <span className="font-mono text-xs">
                      runbooks/{parsed.slug}.md:{problem.line}
                    </span>{" "}
                    {problem.message}
                  </li>
                ))}
              </ul>
            </details>
          </Alert>
        )}

        {toc && rendered.toc.length > 0 && (
          <Card as="details" padding="sm" className="no-print mb-6 lg:hidden">
            <summary className="cursor-pointer text-sm font-semibold text-slate-800 select-none">
              {t("runbook.toc")}
            </summary>
            <ul className="mt-2 space-y-1 text-sm">
              {rendered.toc.map((entry) => (
                <li key={entry.id} style={{ paddingLeft: `${(entry.depth - 2) * 0.75}rem` }}>
                  <a href={`#${entry.id}`} className="text-slate-700 hover:text-sky-800 hover:underline">
                    {entry.text}
                  </a>
                </li>
              ))}
            </ul>
          </Card>
        )}

        {checklist ? (
          checklist.wrap(
            <RunbookContent
              rendered={rendered}
              renderPanel={renderPanel}
              renderItem={checklist.renderItem}
              className="break-words"
            />,
          )
        ) : (
          <RunbookContent rendered={rendered} renderPanel={renderPanel} className="break-words" />
        )}
      </article>

      {toc && (
        <aside className="no-print hidden lg:block">
          <div className="sticky top-6 max-h-[calc(100vh-3rem)] overflow-y-auto border-l border-slate-200 pl-4">
            {toc}
          </div>
        </aside>
      )}
    </div>
  );
}
