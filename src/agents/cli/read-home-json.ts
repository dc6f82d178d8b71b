import { readFileSync } from "node:fs";
import path from "node:path";
import { isObject, type JsonObject } from "./cli-json.js";

/** A JSON file under the user's home, or undefined when it is absent or not JSON. */
export function readHomeJson(home: string, file: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path.join(home, file), "utf8"));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
