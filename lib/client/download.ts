/** Downloads a file the server sends as an attachment: a link with `download`, so the studio stays put. */
export function downloadFile(url: string): void {
  const link = document.createElement("a");
  link.href = url;
  link.download = "";
  document.body.append(link);
  link.click();
  link.remove();
}
