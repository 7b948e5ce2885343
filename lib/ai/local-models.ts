/**
 * Client-safe catalog of embedded models `npm run model:pull` and the setup notice offer by id.
 * Any other GGUF works too (LOCAL_MODEL as a path, `hf:` reference or URL).
 */
export interface LocalModelEntry {
  id: string;
  label: string;
  /** Where it downloads from: `hf:<owner>/<repo>/<file>` (Hugging Face checks its SHA-256). */
  ref: string;
  fileName: string;
  /** About how large the download is, for the setup notice. */
  approxBytes: number;
  licence: string;
  /** Pinned SHA-256 of the file, when known; otherwise the host's announced SHA-256 is checked. */
  sha256?: string;
  why: string;
}

export const localModelCatalog: LocalModelEntry[] = [
  {
    id: "qwen2.5-1.5b-instruct",
    label: "Qwen2.5 1.5B Instruct (Q4_K_M)",
    ref: "hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf",
    fileName: "qwen2.5-1.5b-instruct-q4_k_m.gguf",
    approxBytes: 1_120_000_000,
    licence: "Apache-2.0",
    why: "About 1.1 GB and 2 GB of memory: runs on an ordinary laptop CPU at reading speed, writes fluent English and 28 other languages, follows instructions well for its size, 32K context, Apache-2.0 (no use restrictions). Published as GGUF by the Qwen team itself.",
  },
  {
    id: "qwen2.5-0.5b-instruct",
    label: "Qwen2.5 0.5B Instruct (Q4_K_M)",
    ref: "hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf",
    fileName: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
    approxBytes: 491_000_000,
    licence: "Apache-2.0",
    why: "For small machines (under 1 GB of memory): faster, noticeably weaker prose.",
  },
];

export const defaultLocalModelId = "qwen2.5-1.5b-instruct";
