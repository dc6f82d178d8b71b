import { useSyncExternalStore } from "react";
import { parseRoute, type Route } from "./route.js";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

const readHash = () => window.location.hash;

/** The route the URL's hash names, following the back and forward buttons. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, readHash);
  return parseRoute(hash);
}

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, "");
}
