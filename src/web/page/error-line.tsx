import { errorText } from "./api-client.js";

/** A failed request in one line, with the server's reason and a way to try again. */
export function ErrorLine(props: { error: unknown; onRetry: () => void }) {
  return (
    <p className="error-line" role="alert">
      <span>{errorText(props.error)}</span>
      <button type="button" onClick={props.onRetry}>
        Retry
      </button>
    </p>
  );
}
