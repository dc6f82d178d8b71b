/** A task's or run's state as a coloured word; the colour comes from styles.css by state. */
export function StateBadge(props: { state: string; testId?: string }) {
  return (
    <span className={`badge state-${props.state}`} data-testid={props.testId}>
      {props.state}
    </span>
  );
}
