import { StudioLoader } from "@/components/studio/studio-loader";

export default function StudioPage() {
  return <StudioLoader />;
}
