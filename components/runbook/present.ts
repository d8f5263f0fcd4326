import type { Element, ElementContent, Properties, Root } from "hast";
import type { RunbookItem } from "@/lib/runbooks/types";

// How a runbook looks on the page, as a transform of its sanitised hast: classes, the wrappers
// around code blocks and tables, heading anchors, copy buttons and the read-only checkbox of a
// task item. It is one pure function so the two ways RunbookContent renders — cached static
// HTML for the parts without live pieces, React for the parts with them — look the same.
// Panels (`runbook-panel`) are left alone: they are always the page's to render.

export interface PresentOptions {
  /** True when nobody ticks the items here: they get a disabled checkbox and an "opcional" tag. */
  staticItems: boolean;
  /** The runbook's items by id; an `<li>` whose id is not among them stays a plain list item. */
  items: ReadonlyMap<string, RunbookItem>;
}

const HEADING_CLASS: Record<string, string> = {
  h1: "mt-8 mb-4 text-2xl font-bold",
  h2: "mt-8 mb-3 border-b border-slate-200 pb-1 text-xl font-semibold dark:border-slate-700",
  h3: "mt-6 mb-2 text-lg font-semibold",
  h4: "mt-4 mb-2 font-semibold",
  h5: "mt-4 mb-2 text-sm font-semibold",
  h6: "mt-4 mb-2 text-sm font-semibold text-slate-600",
};

const PRE_CLASS =
  "overflow-x-auto rounded-md bg-slate-900 p-4 text-sm leading-relaxed text-slate-100 print:whitespace-pre-wrap print:border print:bg-white print:text-black [&_code]:bg-transparent [&_code]:p-0 [&_code]:text-inherit";
export const COPY_BUTTON_CLASS =
  "absolute right-2 top-2 rounded border border-slate-600 bg-slate-800 px-2 py-0.5 text-xs font-medium text-slate-100 hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-400 print:hidden";
/** The copy button's attribute; components/runbook/CodeCopy.tsx handles every click on one. */
export const COPY_BUTTON_ATTRIBUTE = "data-copy-button";
export const COPY_LABEL = "Copiar";

const classList = (value: string) => value.split(" ");
const el = (tagName: string, properties: Properties, children: ElementContent[] = []): Element => ({
  type: "element",
  tagName,
  properties,
  children,
});
const existingClass = (node: Element) =>
  Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];

function presentItem(node: Element, item: RunbookItem, staticItems: boolean): Element {
  // Only these attributes: the item's line number and the like are not the page's business.
  const properties: Properties = {
    dataItemId: item.id,
    dataOptional: String(item.optional),
    className: classList("my-1 list-none"),
  };
  if (!staticItems) return { ...node, properties };
  const body: ElementContent[] = [...node.children];
  if (item.optional) {
    body.push(
      el(
        "span",
        {
          className: classList(
            "ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300",
          ),
        },
        [{ type: "text", value: "opcional" }],
      ),
    );
  }
  return el("li", properties, [
    el("div", { className: classList("flex items-start gap-2") }, [
      el("input", {
        type: "checkbox",
        disabled: true,
        ariaLabel: item.text,
        className: classList("mt-1 size-4 shrink-0"),
      }),
      el("div", { className: classList("min-w-0 flex-1") }, body),
    ]),
  ]);
}

function presentElement(node: Element, options: PresentOptions): ElementContent {
  if (node.tagName === "runbook-panel") return node;
  const children = node.children.map((child) => (child.type === "element" ? presentElement(child, options) : child));
  const self: Element = { ...node, properties: { ...node.properties }, children };
  const tag = node.tagName;
  if (HEADING_CLASS[tag]) {
    self.properties.className = ["group", "scroll-mt-24", ...classList(HEADING_CLASS[tag])];
    const id = node.properties.id;
    // Appended after the children were styled, so the link styling below never reaches it.
    if (typeof id === "string" && id) {
      self.children.push(
        el(
          "a",
          {
            href: `#${id}`,
            ariaLabel: "Link para esta seção",
            className: classList(
              "ml-2 text-slate-400 no-underline opacity-0 group-hover:opacity-100 focus:opacity-100 print:hidden",
            ),
          },
          [{ type: "text", value: "#" }],
        ),
      );
    }
    return self;
  }
  switch (tag) {
    case "li": {
      const item = options.items.get(String(node.properties.dataItemId ?? ""));
      return item ? presentItem(self, item, options.staticItems) : self;
    }
    case "pre":
      self.properties.className = classList(PRE_CLASS);
      return el("div", { className: classList("group relative my-4") }, [
        self,
        el(
          "button",
          {
            type: "button",
            [COPY_BUTTON_ATTRIBUTE]: true,
            ariaLive: "polite",
            className: classList(COPY_BUTTON_CLASS),
          },
          [{ type: "text", value: COPY_LABEL }],
        ),
      ]);
    case "code":
      // Block code is reset by the <pre>'s [&_code] classes; these style inline code.
      self.properties.className = [
        ...existingClass(node),
        ...classList("rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] dark:bg-slate-800"),
      ];
      return self;
    case "a":
      self.properties.className = classList(
        "text-sky-700 underline underline-offset-2 hover:text-sky-900 dark:text-sky-400",
      );
      return self;
    case "table":
      self.properties.className = classList("w-full border-collapse text-sm");
      return el("div", { className: classList("my-4 overflow-x-auto") }, [self]);
    case "th":
      self.properties.className = classList(
        "border border-slate-300 bg-slate-50 px-3 py-1.5 text-left font-semibold dark:border-slate-700 dark:bg-slate-800",
      );
      return self;
    case "td":
      self.properties.className = classList("border border-slate-300 px-3 py-1.5 align-top dark:border-slate-700");
      return self;
    case "ul":
      self.properties.className = classList(
        existingClass(node).includes("contains-task-list") ? "my-3 pl-1" : "my-3 list-disc pl-6",
      );
      return self;
    case "ol":
      self.properties.className = classList("my-3 list-decimal pl-6");
      return self;
    case "blockquote":
      self.properties.className = classList("my-4 border-l-4 border-amber-400 bg-amber-50 px-4 py-2 dark:bg-amber-950");
      return self;
    case "hr":
      self.properties.className = classList("my-6 border-slate-200 dark:border-slate-700");
      return self;
    default:
      return self;
  }
}

/** A new tree with the page's presentation; `tree` is not modified (it is cached and shared). */
export function presentTree(tree: Root, options: PresentOptions): Root {
  return {
    ...tree,
    children: tree.children.map((child) => (child.type === "element" ? presentElement(child, options) : child)),
  };
}
