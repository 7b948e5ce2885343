import Markdown, { type Components } from "react-markdown";
import { safeLink } from "@/lib/links";
import { cn } from "@/lib/utils";
import { compactProse } from "./prose";

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

const phrasingParents = new Set(["paragraph", "heading", "emphasis", "strong", "delete", "link", "linkReference", "tableCell"]);

/**
 * Raw HTML in model output is shown as the text it is: never parsed, never run. (Without
 * this, react-markdown silently drops it, hiding what the model actually wrote.)
 */
function remarkHtmlAsText() {
  const visit = (node: MdNode) => {
    node.children = node.children?.map((child) => {
      if (child.type !== "html") {
        visit(child);
        return child;
      }
      const text: MdNode = { type: "text", value: child.value ?? "" };
      return phrasingParents.has(node.type) ? text : { type: "paragraph", children: [text] };
    });
  };
  return (tree: MdNode) => visit(tree);
}

const remarkPlugins = [remarkHtmlAsText];

/** Link targets pass the one link rule; anything else (javascript:, //host, /\host) is blanked. */
const urlTransform = (url: string) => safeLink(url) ?? "";

const components: Components = {
  // An unsafe link (blanked by urlTransform) is just its text.
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  // No remote images from model output (tracking pixels): show the alt text instead.
  img: ({ alt }) => (alt ? <span>{alt}</span> : null),
};

/** Markdown from a model, rendered as React elements only. */
export function SafeMarkdown({ children, className }: { children: string; className?: string }) {
  return (
    <div className={cn(compactProse, "break-words", className)}>
      <Markdown remarkPlugins={remarkPlugins} components={components} urlTransform={urlTransform}>
        {children}
      </Markdown>
    </div>
  );
}
