import { useEffect, useState } from "react";

/**
 * Loads data once per key; `reload` fetches again.
 * @param {() => Promise<unknown>} load
 * @param {string} key
 */
export function useFetch(load, key) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    load()
      .then((value) => live && setData(value))
      .catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [key, version]);

  return { data, error, loading: data === null && error === null, reload: () => setVersion((v) => v + 1) };
}
