import { useState } from "react";

/**
 * @param {string} key
 * @param {string} initial
 */
export function useLocalStorage(key, initial) {
  const [value, setValue] = useState(() => window.localStorage.getItem(key) ?? initial);
  const save = (next) => {
    window.localStorage.setItem(key, next);
    setValue(next);
  };
  return [value, save];
}
