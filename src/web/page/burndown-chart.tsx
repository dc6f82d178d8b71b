import { memo, useMemo } from "react";
import type { TaskView } from "../api.js";
import { countTicks, doneAt, doneSteps, doneTimes, type Step, timeTicks } from "./burndown.js";
import { formatAxisDuration } from "./format.js";
import { useNow } from "./use-now.js";

const WIDTH = 720;
const HEIGHT = 220;
const LEFT = 44;
const RIGHT = 16;
const TOP = 24;
const BOTTOM = 30;

interface Scale {
  x: (at: number) => number;
  y: (count: number) => number;
}

function stepPath(steps: readonly Step[], scale: Scale, value: (step: Step) => number): string {
  const [first, ...rest] = steps;
  if (!first) return "";
  let path = `M${scale.x(first.at).toFixed(1)} ${scale.y(value(first)).toFixed(1)}`;
  for (const step of rest)
    path += `H${scale.x(step.at).toFixed(1)}V${scale.y(value(step)).toFixed(1)}`;
  return path;
}

/**
 * Tasks left and tasks done over the run's time, from each task's finish time, with the
 * estimate of what is left drawn on to its end.
 */
export const BurndownChart = memo(function BurndownChart(props: {
  tasks: readonly TaskView[];
  total: number;
  createdAt: number;
  finishedAt?: number | undefined;
  etaMs?: number | undefined;
}) {
  const { tasks, createdAt, finishedAt } = props;
  const times = useMemo(() => doneTimes(tasks), [tasks]);
  const now = useNow(finishedAt === undefined);
  const total = Math.max(props.total, tasks.length);
  // The newest finish time wins over a browser clock that runs behind the server's.
  const end = Math.max(finishedAt ?? now, times[times.length - 1] ?? createdAt, createdAt + 1000);
  const done = doneAt(times, end);
  const eta = finishedAt === undefined && done < total ? props.etaMs : undefined;
  const span = end + (eta ?? 0) - createdAt;
  const scale: Scale = {
    x: (at) => LEFT + ((at - createdAt) / span) * (WIDTH - LEFT - RIGHT),
    y: (count) => HEIGHT - BOTTOM - (total === 0 ? 0 : (count / total) * (HEIGHT - TOP - BOTTOM)),
  };
  const steps = doneSteps(times, createdAt, end, WIDTH - LEFT - RIGHT);
  const xTicks = timeTicks(span, 6);
  const yTicks = countTicks(total, 4);

  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="burndown"
        data-testid="burndown"
        data-done={done}
        role="img"
        aria-label={`Burndown: ${done} of ${total} tasks done, ${total - done} left`}
      >
        <g className="axis">
          {yTicks.map((count) => (
            <g key={`y${count}`}>
              <line
                x1={LEFT}
                x2={WIDTH - RIGHT}
                y1={scale.y(count)}
                y2={scale.y(count)}
                className="grid"
              />
              <text x={LEFT - 6} y={scale.y(count)} dy="0.32em" textAnchor="end">
                {count}
              </text>
            </g>
          ))}
          {xTicks.map((offset) => (
            <text
              key={`x${offset}`}
              x={scale.x(createdAt + offset)}
              y={HEIGHT - BOTTOM + 16}
              textAnchor="middle"
            >
              {formatAxisDuration(offset)}
            </text>
          ))}
          <line x1={LEFT} x2={WIDTH - RIGHT} y1={scale.y(0)} y2={scale.y(0)} className="baseline" />
        </g>
        <path className="line-remaining" d={stepPath(steps, scale, (step) => total - step.done)} />
        <path className="line-done" d={stepPath(steps, scale, (step) => step.done)} />
        {eta !== undefined && (
          <line
            className="line-eta"
            x1={scale.x(end)}
            y1={scale.y(total - done)}
            x2={scale.x(end + eta)}
            y2={scale.y(0)}
          />
        )}
        <g className="legend" transform={`translate(${LEFT + 8} 12)`}>
          <line className="line-remaining" x1={0} x2={16} y1={0} y2={0} />
          <text x={20} y={0} dy="0.32em">
            remaining {total - done}
          </text>
          <line className="line-done" x1={130} x2={146} y1={0} y2={0} />
          <text x={150} y={0} dy="0.32em">
            done {done}
          </text>
          {eta !== undefined && (
            <>
              <line className="line-eta" x1={240} x2={256} y1={0} y2={0} />
              <text x={260} y={0} dy="0.32em">
                estimate
              </text>
            </>
          )}
        </g>
      </svg>
    </figure>
  );
});
