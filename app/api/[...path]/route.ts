import { AppError } from "@/lib/errors";
import { preflight, route } from "@/lib/server/http";

/** Unknown API paths answer JSON like every other API error, not the HTML 404 page. */
const notFound = route(async () => {
  throw new AppError("not_found", "There is no API route at this path.");
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, preflight as OPTIONS };
