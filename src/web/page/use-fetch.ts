import { useCallback, useEffect, useState } from "react";
import { getJson } from "./api-client.js";

export interface Fetched<T> {
  /** The last answer for this path, kept while it is fetched again. */
  data: T | undefined;
  /** Why the latest request failed. */
  error: unknown;
  loading: boolean;
  reload: () => void;
}

interface Answer<T> {
  /** The request it answers, so a newer one shows as loading until its own answer is in. */
  key: string;
  path: string;
  data: T | undefined;
  error: unknown;
}

/**
 * GETs `path` (nothing while it is null), and again when `version` changes or `reload` is
 * called. A new path starts empty; a new version keeps the old answer until the new one is in.
 */
export function useFetch<T>(path: string | null, version: string | number = 0): Fetched<T> {
  const [reloads, setReloads] = useState(0);
  const [answer, setAnswer] = useState<Answer<T> | undefined>(undefined);
  const key = `${path}\n${version}\n${reloads}`;

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    getJson<T>(path, controller.signal).then(
      (data) => setAnswer({ key, path, data, error: undefined }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setAnswer((old) => ({ key, path, data: old?.path === path ? old.data : undefined, error }));
      },
    );
    return () => controller.abort();
  }, [path, key]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  const current = answer?.path === path ? answer : undefined;
  return {
    data: current?.data,
    error: current?.key === key ? current.error : undefined,
    loading: path !== null && current?.key !== key,
    reload,
  };
}
