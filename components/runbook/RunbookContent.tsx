import type { ComponentProps, JSX, ReactNode } from "react";
import { Fragment, jsx, jsxs } from "react/jsx-runtime";
import { toJsxRuntime, type Components } from "hast-util-to-jsx-runtime";
import type { Element } from "hast";
import { Alert } from "@/components/ui/Alert";
import { Card } from "@/components/ui/Card";
import type { RenderedRunbook } from "@/lib/runbooks/render";
import type { PlacedPanel, RunbookItem } from "@/lib/runbooks/types";
import { CodeCopy } from "./CodeCopy";
import { contentSegments } from "./segments";

// Server component: the rendered runbook (sanitised hast) on the page. Live panels and checklist
// items are render props, so the panel and checklist features plug in their own (client)
// components without this one knowing about queues, Sentry or ticks. Blocks without a live
// piece are sent as HTML cached per runbook version (segments.ts).

export interface PanelErrorInfo {
  /** Directive name as written, e.g. "dlq" or a misspelt "queus". */
  panel: string;
  /** Portuguese explanation, e.g. `fila "xyz" não está configurada (...)`. */
  message: string;
  line: number;
}

export interface RunbookContentProps {
  rendered: RenderedRunbook;
  /** A live panel at the place the author put it; default is a neutral placeholder. */
  renderPanel?: (panel: PlacedPanel) => ReactNode;
  /** A directive that is unknown or has bad arguments; default is a red error box. */
  renderPanelError?: (error: PanelErrorInfo) => ReactNode;
  /** Content of a checklist item's <li>; `children` is the item's rendered text (and sub-lists). */
  renderItem?: (item: RunbookItem, children: ReactNode) => ReactNode;
  className?: string;
}

type WithNode<Tag extends keyof JSX.IntrinsicElements> = ComponentProps<Tag> & { node?: Element };

const PANEL_NAMES: Record<PlacedPanel["type"], string> = {
  queues: "Filas",
  "failed-jobs": "Jobs com falha",
  dlq: "DLQ",
  "sentry-issues": "Issues do Sentry",
  "sentry-performance": "Desempenho (Sentry)",
  health: "Saúde",
};

export function PanelErrorBox({ panel, message, line }: PanelErrorInfo) {
  return (
    <Alert tone="error" role="alert" size="lg" className="my-4">
      <strong className="font-semibold">Painel inválido:</strong> {message}
      {/* Where to fix it, for the author reading the page. */}
      <span className="ml-2 font-mono text-xs opacity-70">
        (::{panel}
        {line > 0 ? `, linha ${line}` : ""})
      </span>
    </Alert>
  );
}

function PanelPlaceholder({ panel }: { panel: PlacedPanel }) {
  const args = Object.entries(panel.args)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(" ");
  return (
    <Card tone="dashed" padding="none" className="my-4 px-4 py-3 text-sm text-slate-600">
      Painel: {PANEL_NAMES[panel.type]}
      {args && <span className="ml-2 font-mono text-xs">{args}</span>}
    </Card>
  );
}

export function RunbookContent({
  rendered,
  renderPanel,
  renderPanelError,
  renderItem,
  className = "",
}: RunbookContentProps) {
  const itemsById = new Map(rendered.items.map((item) => [item.id, item]));
  const segments = contentSegments(rendered, { staticItems: !renderItem });

  // Only the live pieces need components: everything else was styled by present.ts.
  const components: Partial<Components> = {
    "runbook-panel": function Panel({ node }: { node?: Element }) {
      const properties = node?.properties ?? {};
      const line = Number(properties.dataLine ?? 0);
      if (typeof properties.dataError === "string") {
        const error = { panel: String(properties.dataPanel ?? ""), message: properties.dataError, line };
        return renderPanelError ? renderPanelError(error) : <PanelErrorBox {...error} />;
      }
      const panel = rendered.panels[Number(properties.dataPanelIndex)];
      if (!panel)
        return <PanelErrorBox panel={String(properties.dataPanel ?? "")} message="painel sem definição" line={line} />;
      return renderPanel ? renderPanel(panel) : <PanelPlaceholder panel={panel} />;
    },
    li: function ListItem({ node, children, ...rest }: WithNode<"li">) {
      const item = renderItem && itemsById.get(String(node?.properties.dataItemId ?? ""));
      if (!item) return <li {...rest}>{children}</li>;
      return (
        <li {...rest} data-item-id={item.id} data-optional={String(item.optional)}>
          {renderItem(item, children)}
        </li>
      );
    },
  };

  return (
    <div className={`leading-7 text-slate-800 dark:text-slate-200 [&_p]:my-3 ${className}`}>
      {segments.map((segment, index) =>
        segment.kind === "html" ? (
          // Built from the sanitised tree (lib/runbooks/markdown.ts), never from raw input.
          <div key={index} className="contents" dangerouslySetInnerHTML={{ __html: segment.html }} />
        ) : (
          <Fragment key={index}>
            {toJsxRuntime(segment.root, { Fragment, jsx, jsxs, components, passNode: true })}
          </Fragment>
        ),
      )}
      <CodeCopy />
    </div>
  );
}
