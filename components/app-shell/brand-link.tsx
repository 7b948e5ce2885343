import Link from "next/link";
import { PenIcon } from "@/components/ui/icons";

/** The Draftwise name and mark, linking back to the studio. */
export function BrandLink() {
  return (
    <Link href="/" className="flex items-center gap-2.5 rounded-lg" aria-label="Draftwise — back to the studio">
      <span className="grid size-8 place-items-center rounded-lg bg-indigo-600 text-white shadow-sm [&_svg]:size-4">
        <PenIcon />
      </span>
      <span className="text-[15px] font-semibold tracking-tight">Draftwise</span>
    </Link>
  );
}
