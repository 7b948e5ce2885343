/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets the API tests build into their own folder while a browser-test build exists.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // Route handlers stream model output; compression would buffer it.
  compress: false,
};

export default nextConfig;
