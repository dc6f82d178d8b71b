/** Says when the live stream dropped: the browser retries by itself until it gives up. */
export function ConnectionStatus(props: {
  reconnecting: boolean;
  closed: boolean;
  onReconnect: () => void;
}) {
  if (props.reconnecting)
    return (
      <span className="connection" data-testid="reconnecting" role="status">
        reconnecting…
      </span>
    );
  if (!props.closed) return null;
  return (
    <span className="connection connection-lost" role="status">
      not updating{" "}
      <button type="button" onClick={props.onReconnect}>
        Reconnect
      </button>
    </span>
  );
}
