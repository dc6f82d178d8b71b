import { useCallback, useState } from "react";
import type { ActionResult } from "../api.js";
import { errorText } from "./api-client.js";

export interface Notice {
  text: string;
  failed: boolean;
}

/** The outcome of the last action, for the page's notice area. */
export function useNotice() {
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const report = useCallback(async (action: Promise<ActionResult>) => {
    try {
      setNotice({ text: (await action).message, failed: false });
    } catch (error) {
      setNotice({ text: errorText(error), failed: true });
    }
  }, []);
  const dismiss = useCallback(() => setNotice(undefined), []);
  return { notice, report, dismiss };
}
