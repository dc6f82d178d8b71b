import type { TaskView } from "../api.js";

export const BOX_WIDTH = 84;
export const BOX_HEIGHT = 22;
const GAP_X = 10;
const GAP_Y = 8;
/** Room between layers for the arrows to bend. */
const LAYER_GAP = 30;
const MARGIN = 8;
export const PER_ROW = 20;
const FEWEST_PER_ROW = 4;

/** How many boxes fit across `width` pixels, between a few and PER_ROW; PER_ROW while unknown. */
export function boxesPerRow(width: number): number {
  if (width <= 0) return PER_ROW;
  const fit = Math.floor((width - MARGIN * 2 + GAP_X) / (BOX_WIDTH + GAP_X));
  return Math.max(FEWEST_PER_ROW, Math.min(PER_ROW, fit));
}

export interface PlacedNode {
  id: string;
  layer: number;
  /** The box's top-left corner. */
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  /** An SVG path from the dependency's bottom to the dependent's top. */
  path: string;
}

export interface PlanLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

type PlanTask = Pick<TaskView, "id" | "seq" | "deps">;

/**
 * Each task's layer: the length of its longest chain of dependencies back to a task with none.
 * Dependencies on tasks outside the plan are ignored; tasks caught in a cycle go below the rest.
 */
export function planLayers(tasks: readonly PlanTask[]): Map<string, number> {
  const known = new Set(tasks.map((task) => task.id));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const task of tasks) {
    const deps = new Set(task.deps.filter((dep) => known.has(dep) && dep !== task.id));
    waiting.set(task.id, deps.size);
    for (const dep of deps) {
      const list = dependents.get(dep);
      if (list) list.push(task.id);
      else dependents.set(dep, [task.id]);
    }
  }
  const layer = new Map<string, number>();
  const ready = tasks.filter((task) => waiting.get(task.id) === 0).map((task) => task.id);
  for (const id of ready) layer.set(id, 0);
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i] as string;
    const next = (layer.get(id) as number) + 1;
    for (const dependent of dependents.get(id) ?? []) {
      layer.set(dependent, Math.max(layer.get(dependent) ?? 0, next));
      const left = (waiting.get(dependent) as number) - 1;
      waiting.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (ready.length < tasks.length) {
    const below = ready.reduce((deepest, id) => Math.max(deepest, layer.get(id) as number), -1) + 1;
    for (const task of tasks) if ((waiting.get(task.id) as number) > 0) layer.set(task.id, below);
  }
  return layer;
}

/** Places the tasks layer by layer, top to bottom, a wide layer wrapped into rows. */
export function layoutPlan(tasks: readonly PlanTask[], perRow = PER_ROW): PlanLayout {
  const layerOf = planLayers(tasks);
  const byLayer = new Map<number, PlanTask[]>();
  for (const task of tasks) {
    const layer = layerOf.get(task.id) as number;
    const list = byLayer.get(layer);
    if (list) list.push(task);
    else byLayer.set(layer, [task]);
  }
  let widest = 0;
  for (const list of byLayer.values()) widest = Math.max(widest, Math.min(perRow, list.length));
  const width = MARGIN * 2 + Math.max(0, widest * (BOX_WIDTH + GAP_X) - GAP_X);
  const nodes: PlacedNode[] = [];
  const placed = new Map<string, PlacedNode>();
  let top = MARGIN;
  const layers = [...byLayer.keys()].sort((a, b) => a - b);
  for (const layer of layers) {
    const layerTasks = (byLayer.get(layer) as PlanTask[]).sort((a, b) => a.seq - b.seq);
    const rows = Math.ceil(layerTasks.length / perRow);
    layerTasks.forEach((task, i) => {
      const row = Math.floor(i / perRow);
      const inRow = row === rows - 1 ? layerTasks.length - row * perRow : perRow;
      const left = (width - (inRow * (BOX_WIDTH + GAP_X) - GAP_X)) / 2;
      const node = {
        id: task.id,
        layer,
        x: left + (i % perRow) * (BOX_WIDTH + GAP_X),
        y: top + row * (BOX_HEIGHT + GAP_Y),
      };
      nodes.push(node);
      placed.set(task.id, node);
    });
    top += rows * (BOX_HEIGHT + GAP_Y) - GAP_Y + LAYER_GAP;
  }
  const edges: PlacedEdge[] = [];
  for (const task of tasks) {
    const to = placed.get(task.id) as PlacedNode;
    for (const dep of new Set(task.deps)) {
      const from = placed.get(dep);
      if (from && from !== to) edges.push({ from: dep, to: task.id, path: edgePath(from, to) });
    }
  }
  const height = nodes.length === 0 ? 0 : top - LAYER_GAP + MARGIN;
  return { nodes, edges, width, height };
}

function edgePath(from: PlacedNode, to: PlacedNode): string {
  const x1 = from.x + BOX_WIDTH / 2;
  const y1 = from.y + BOX_HEIGHT;
  const x2 = to.x + BOX_WIDTH / 2;
  const y2 = to.y;
  const bend = Math.max(12, (y2 - y1) / 2);
  return `M${x1} ${y1} C${x1} ${y1 + bend} ${x2} ${y2 - bend} ${x2} ${y2}`;
}
