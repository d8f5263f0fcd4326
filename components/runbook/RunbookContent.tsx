import type { ComponentProps, JSX, ReactNode } from "react";
import { Fragment, jsx, jsxs } from "react/jsx-runtime";
import { toJsxRuntime, type Components } from "hast-util-to-jsx-runtime";
import type { Element } from "hast";
import { hastText } from "@/lib/runbooks/hast-text";
import type { RenderedRunbook } from "@/lib/runbooks/render";
import type { PlacedPanel, RunbookItem } from "@/lib/runbooks/types";
import { CopyButton } from "./CopyButton";

// Server component: turns the rendered runbook (sanitised hast) into React. Live panels and
// checklist items are render props, so the panel and checklist features plug in their own
// (client) components without this one knowing about queues, Sentry or ticks.

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
    <div role="alert" className="my-4 rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <strong className="font-semibold">Painel inválido:</strong> {message}
      {/* Where to fix it, for the author reading the page. */}
      <span className="ml-2 font-mono text-xs opacity-70">
        (::{panel}
        {line > 0 ? `, linha ${line}` : ""})
      </span>
    </div>
  );
}

function PanelPlaceholder({ panel }: { panel: PlacedPanel }) {
  const args = Object.entries(panel.args).map(([key, value]) => `${key}=${String(value)}`).join(" ");
  return (
    <div className="my-4 rounded-md border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300">
      Painel: {PANEL_NAMES[panel.type]}
      {args && <span className="ml-2 font-mono text-xs">{args}</span>}
    </div>
  );
}

function DefaultItem({ item, children }: { item: RunbookItem; children: ReactNode }) {
  return (
    <div className="flex items-start gap-2">
      <input type="checkbox" disabled aria-label={item.text} className="mt-1 size-4 shrink-0" />
      <div className="min-w-0 flex-1">
        {children}
        {item.optional && (
          <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">opcional</span>
        )}
      </div>
    </div>
  );
}

function headingComponent(Tag: "h1" | "h2" | "h3" | "h4" | "h5" | "h6", className: string) {
  return function Heading({ node: _node, id, children, ...rest }: WithNode<"h1">) {
    return (
      <Tag id={id} className={`group scroll-mt-24 ${className}`} {...rest}>
        {children}
        {id && (
          <a href={`#${id}`} aria-label="Link para esta seção" className="ml-2 text-slate-400 no-underline opacity-0 group-hover:opacity-100 focus:opacity-100 print:hidden">
            #
          </a>
        )}
      </Tag>
    );
  };
}

export function RunbookContent({ rendered, renderPanel, renderPanelError, renderItem, className = "" }: RunbookContentProps) {
  const itemsById = new Map(rendered.items.map((item) => [item.id, item]));

  const components: Partial<Components> = {
    "runbook-panel": function Panel({ node }: { node?: Element }) {
      const properties = node?.properties ?? {};
      const line = Number(properties.dataLine ?? 0);
      if (typeof properties.dataError === "string") {
        const error = { panel: String(properties.dataPanel ?? ""), message: properties.dataError, line };
        return renderPanelError ? renderPanelError(error) : <PanelErrorBox {...error} />;
      }
      const panel = rendered.panels[Number(properties.dataPanelIndex)];
      if (!panel) return <PanelErrorBox panel={String(properties.dataPanel ?? "")} message="painel sem definição" line={line} />;
      return renderPanel ? renderPanel(panel) : <PanelPlaceholder panel={panel} />;
    },
    li: function ListItem({ node, children, ...rest }: WithNode<"li">) {
      const item = itemsById.get(String(node?.properties.dataItemId ?? ""));
      if (!item) return <li {...rest}>{children}</li>;
      return (
        <li data-item-id={item.id} data-optional={String(item.optional)} className="my-1 list-none">
          {renderItem ? renderItem(item, children) : <DefaultItem item={item}>{children}</DefaultItem>}
        </li>
      );
    },
    pre: function CodeBlock({ node, children, ...rest }: WithNode<"pre">) {
      return (
        <div className="group relative my-4">
          <pre
            {...rest}
            className="overflow-x-auto rounded-md bg-slate-900 p-4 text-sm leading-relaxed text-slate-100 print:whitespace-pre-wrap print:border print:bg-white print:text-black [&_code]:bg-transparent [&_code]:p-0 [&_code]:text-inherit"
          >
            {children}
          </pre>
          <CopyButton text={node ? hastText(node).replace(/\n$/, "") : ""} className="absolute right-2 top-2" />
        </div>
      );
    },
    code: function Code({ node: _node, ...rest }: WithNode<"code">) {
      // Block code is reset by the <pre> wrapper's [&_code] classes; these style inline code.
      return <code {...rest} className={`${rest.className ?? ""} rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] dark:bg-slate-800`.trim()} />;
    },
    a: function Link({ node: _node, ...rest }: WithNode<"a">) {
      return <a {...rest} className="text-sky-700 underline underline-offset-2 hover:text-sky-900 dark:text-sky-400" />;
    },
    table: function Table({ node: _node, ...rest }: WithNode<"table">) {
      return (
        <div className="my-4 overflow-x-auto">
          <table {...rest} className="w-full border-collapse text-sm" />
        </div>
      );
    },
    th: function Th({ node: _node, ...rest }: WithNode<"th">) {
      return <th {...rest} className="border border-slate-300 bg-slate-50 px-3 py-1.5 text-left font-semibold dark:border-slate-700 dark:bg-slate-800" />;
    },
    td: function Td({ node: _node, ...rest }: WithNode<"td">) {
      return <td {...rest} className="border border-slate-300 px-3 py-1.5 align-top dark:border-slate-700" />;
    },
    h1: headingComponent("h1", "mt-8 mb-4 text-2xl font-bold"),
    h2: headingComponent("h2", "mt-8 mb-3 border-b border-slate-200 pb-1 text-xl font-semibold dark:border-slate-700"),
    h3: headingComponent("h3", "mt-6 mb-2 text-lg font-semibold"),
    h4: headingComponent("h4", "mt-4 mb-2 font-semibold"),
    h5: headingComponent("h5", "mt-4 mb-2 text-sm font-semibold"),
    h6: headingComponent("h6", "mt-4 mb-2 text-sm font-semibold text-slate-600"),
    ul: function Ul({ node: _node, ...rest }: WithNode<"ul">) {
      return <ul {...rest} className={`my-3 ${rest.className === "contains-task-list" ? "pl-1" : "list-disc pl-6"}`} />;
    },
    ol: function Ol({ node: _node, ...rest }: WithNode<"ol">) {
      return <ol {...rest} className="my-3 list-decimal pl-6" />;
    },
    blockquote: function Quote({ node: _node, ...rest }: WithNode<"blockquote">) {
      return <blockquote {...rest} className="my-4 border-l-4 border-amber-400 bg-amber-50 px-4 py-2 dark:bg-amber-950" />;
    },
    hr: function Hr({ node: _node, ...rest }: WithNode<"hr">) {
      return <hr {...rest} className="my-6 border-slate-200 dark:border-slate-700" />;
    },
  };

  return (
    <div className={`leading-7 text-slate-800 dark:text-slate-200 [&_p]:my-3 ${className}`}>
      {toJsxRuntime(rendered.tree, { Fragment, jsx, jsxs, components, passNode: true })}
    </div>
  );
}
