import { Marked } from "marked";
import { safeLink } from "@/lib/links";

const htmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

/**
 * Model output is untrusted: raw HTML in it is shown as text, images become their alt
 * text, and links keep only what `safeLink` allows.
 */
const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ text }) => escapeHtml(text),
    link({ href, title, tokens }) {
      const label = this.parser.parseInline(tokens);
      const link = safeLink(href);
      if (!link) return label;
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : "";
      return `<a href="${escapeHtml(link)}"${titleAttr}>${label}</a>`;
    },
  },
});

/** Markdown → HTML that is safe to hand to the editor's parser. */
export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}
