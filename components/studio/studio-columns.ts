/**
 * The studio's three columns (outline, document, chat) from `xl`; below that the side panels are drawers.
 * Until `2xl` the side panels keep their narrowest width so the document column keeps its whole toolbar.
 */
export const studioColumns =
  "xl:grid-cols-[17rem_minmax(0,1fr)_20rem] 2xl:grid-cols-[minmax(17rem,21rem)_minmax(0,1fr)_minmax(20rem,25rem)]";
