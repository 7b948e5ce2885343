/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets the API tests build into their own folder while a browser-test build exists.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // deploy/Dockerfile asks for Next's self-contained server; `npm start` and the tests serve the ordinary build.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  poweredByHeader: false,
  reactStrictMode: true,
  // Route handlers stream model output; compression would buffer it.
  compress: false,
  // PGlite loads its WebAssembly and data files from its own package folder at run time.
  // node-llama-cpp is native and optional: Node loads it at run time, only when the local provider is used.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "node-llama-cpp"],
  // Migrations are read from disk at start; ship them with every server bundle.
  outputFileTracingIncludes: { "/**": ["./lib/server/db/migrations/**"] },
};

export default nextConfig;
