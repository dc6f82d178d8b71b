import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = import.meta.dirname;

export default defineConfig(({ command }) => {
  // `npm test` builds from inside vitest, whose NODE_ENV=test would make this React's
  // development build, several times slower; Vite reads NODE_ENV after loading this file.
  if (command === "build") process.env.NODE_ENV = "production";
  return {
    root: here,
    base: "/",
    plugins: [react()],
    build: {
      outDir: path.resolve(here, "../../../dist/web/page"),
      emptyOutDir: true,
      sourcemap: false,
    },
  };
});
