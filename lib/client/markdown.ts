import { Marked } from "marked";

const htmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

const safeHref = /^(https?:|mailto:|#|\/(?!\/))/i;

/**
 * Model output is untrusted: raw HTML in it is shown as text, images become their alt
 * text, and links keep only web and mail targets.
 */
const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ text }) => escapeHtml(text),
    link({ href, title, tokens }) {
      const label = this.parser.parseInline(tokens);
      if (!safeHref.test(href.trim())) return label;
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : "";
      return `<a href="${escapeHtml(href)}"${titleAttr}>${label}</a>`;
    },
  },
});

/** Markdown → HTML that is safe to hand to the editor's parser. */
export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}
