import { describe, expect, it } from "vitest";
import { toolDirs } from "./tool-dirs.js";

describe("toolDirs", () => {
  it("shows a toolchain's whole folder under $HOME, and nothing else of $HOME", () => {
    const path = [
      "/home/ana/.nvm/versions/node/v20.1.0/bin",
      "/home/ana/.cargo/bin",
      "/home/ana/.local/bin",
      "/home/ana/bin",
      "/home/ana",
    ].join(":");
    expect(toolDirs(path, "/home/ana")).toEqual([
      "/home/ana/.cargo/bin",
      "/home/ana/.local/bin",
      "/home/ana/.local/lib",
      "/home/ana/.nvm",
      "/home/ana/.rustup",
      "/home/ana/bin",
    ]);
  });

  it("shows a bin folder's prefix and a node_modules/.bin folder's node_modules elsewhere", () => {
    const path =
      "/work/app/node_modules/.bin:/opt/tools/bin:/usr/local/sbin:/bin:/srv/scripts:relative/bin";
    expect(toolDirs(path, "/home/ana")).toEqual([
      "/bin",
      "/opt/tools",
      "/srv/scripts",
      "/usr/local",
      "/work/app/node_modules",
    ]);
  });
});
