import { memo, useMemo } from "react";
import type { TaskState } from "../api.js";
import { truncateStart } from "./format.js";
import { BOX_HEIGHT, BOX_WIDTH, boxesPerRow, layoutPlan, type PlacedEdge } from "./plan-layout.js";
import { taskHref } from "./route.js";
import { findTask, type RunModel } from "./run-model.js";
import { useElementWidth } from "./use-element-width.js";

/** Beyond this many tasks the graph is no longer readable nor cheap: the table takes over. */
export const GRAPH_LIMIT = 1000;

const GraphNode = memo(function GraphNode(props: {
  href: string;
  id: string;
  title: string;
  state: TaskState;
  x: number;
  y: number;
}) {
  return (
    <a href={props.href} className="graph-link">
      <g
        data-testid="graph-node"
        data-task-id={props.id}
        className={`graph-node state-${props.state}`}
        transform={`translate(${props.x} ${props.y})`}
      >
        <title>{`${props.id} (${props.state}): ${props.title}`}</title>
        <rect width={BOX_WIDTH} height={BOX_HEIGHT} rx={5} />
        <text x={BOX_WIDTH / 2} y={BOX_HEIGHT / 2} dy="0.34em" textAnchor="middle">
          {truncateStart(props.id, 11)}
        </text>
      </g>
    </a>
  );
});

const GraphEdges = memo(function GraphEdges(props: { edges: readonly PlacedEdge[] }) {
  return (
    <g className="graph-edges">
      {props.edges.map((edge) => (
        <path key={`${edge.from}>${edge.to}`} d={edge.path} markerEnd="url(#arrow)" />
      ))}
    </g>
  );
});

/** The plan as boxes (tasks) and arrows (dependency → dependent), layer by layer. */
export const PlanGraph = memo(function PlanGraph(props: {
  runId: string;
  plan: RunModel["plan"];
  tasks: RunModel["tasks"];
  index: RunModel["index"];
}) {
  const { plan, runId, tasks, index } = props;
  const [box, width] = useElementWidth<HTMLDivElement>();
  const perRow = boxesPerRow(width);
  const tooMany = plan.length > GRAPH_LIMIT;
  const layout = useMemo(
    () => (tooMany ? undefined : layoutPlan(plan, perRow)),
    [plan, perRow, tooMany],
  );
  if (!layout)
    return (
      <p className="empty">
        The graph shows up to {GRAPH_LIMIT.toLocaleString()} tasks; use the table.
      </p>
    );
  return (
    <div className="graph-scroll" ref={box}>
      <svg
        className="plan-graph"
        data-testid="plan-graph"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
      >
        <title>{`The plan: ${plan.length} tasks, arrows from a dependency to its dependents`}</title>
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 8 8"
            refX="8"
            refY="4"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0 0L8 4L0 8z" className="arrow-head" />
          </marker>
        </defs>
        <GraphEdges edges={layout.edges} />
        {layout.nodes.map((node) => {
          const task = findTask({ tasks, index }, node.id);
          return (
            <GraphNode
              key={node.id}
              href={taskHref(runId, node.id)}
              id={node.id}
              title={task?.title ?? ""}
              state={task?.state ?? "queued"}
              x={node.x}
              y={node.y}
            />
          );
        })}
      </svg>
    </div>
  );
});
