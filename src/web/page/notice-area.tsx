import type { Notice } from "./use-notice.js";

/** What the server answered to the last action. */
export function NoticeArea(props: { notice: Notice | undefined; onDismiss: () => void }) {
  const { notice } = props;
  if (!notice) return null;
  return (
    <div className={notice.failed ? "notice notice-failed" : "notice"}>
      <p data-testid="notice" role={notice.failed ? "alert" : "status"}>
        {notice.text}
      </p>
      <button type="button" className="link-button" onClick={props.onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
