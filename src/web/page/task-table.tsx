import { useVirtualizer } from "@tanstack/react-virtual";
import {
  type KeyboardEvent,
  type MouseEvent,
  memo,
  useDeferredValue,
  useMemo,
  useRef,
  useState,
} from "react";
import type { TaskState, TaskView } from "../api.js";
import { taskHref } from "./route.js";
import { StateFilter } from "./state-filter.js";
import { countStates, type SortKey, selectTasks } from "./task-filter.js";
import { TaskRow } from "./task-row.js";
import { type Sort, TaskTableHead } from "./task-table-head.js";
import { useNow } from "./use-now.js";
import { navigate } from "./use-route.js";
import { useSlashToSearch } from "./use-slash-to-search.js";

const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 32;

/**
 * Every task of the run, filtered, searched and sorted; only the rows in view are in the DOM,
 * so it scrolls as smoothly through 100,000 tasks as through 100.
 */
export const TaskTable = memo(function TaskTable(props: {
  runId: string;
  tasks: readonly TaskView[];
}) {
  const { runId, tasks } = props;
  const [states, setStates] = useState<ReadonlySet<TaskState>>(() => new Set());
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<Sort>({ key: "seq", descending: false });
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const query = useDeferredValue(search);
  const counts = useMemo(() => countStates(tasks), [tasks]);
  const rows = useMemo(
    () =>
      selectTasks(
        tasks,
        { states, search: query, sort: sort.key, descending: sort.descending },
        Date.now(),
      ),
    [tasks, states, query, sort],
  );
  const now = useNow(counts.active > 0);
  const scroll = useRef<HTMLElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  useSlashToSearch(searchBox);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroll.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  const selectedIndex =
    selected === undefined ? -1 : rows.findIndex((task) => task.id === selected);

  const select = (wanted: number) => {
    const index = Math.max(0, Math.min(rows.length - 1, wanted));
    const task = rows[index];
    if (!task) return;
    setSelected(task.id);
    virtualizer.scrollToIndex(index, { align: "auto" });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    // Keys pressed on a sort button are the button's.
    if (event.target !== event.currentTarget) return;
    const page = Math.max(1, Math.floor(event.currentTarget.clientHeight / ROW_HEIGHT) - 2);
    const moves: Record<string, number> = {
      ArrowDown: 1,
      j: 1,
      ArrowUp: -1,
      k: -1,
      PageDown: page,
      PageUp: -page,
    };
    const move = moves[event.key];
    if (move !== undefined) select(selectedIndex < 0 ? 0 : selectedIndex + move);
    else if (event.key === "Home") select(0);
    else if (event.key === "End") select(rows.length - 1);
    else if (event.key === "Enter" && selected !== undefined) navigate(taskHref(runId, selected));
    else return;
    event.preventDefault();
  };

  const onClick = (event: MouseEvent<HTMLElement>) => {
    const row = (event.target as Element).closest<HTMLElement>("[data-task-id]");
    const id = row?.dataset.taskId;
    if (id !== undefined) navigate(taskHref(runId, id));
  };

  const toggleSort = (key: SortKey) =>
    setSort((old) => ({ key, descending: old.key === key ? !old.descending : false }));

  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const above = first ? first.start - HEADER_HEIGHT : 0;
  const below = last ? virtualizer.getTotalSize() - (last.end - HEADER_HEIGHT) : 0;
  const current = rows[selectedIndex];

  return (
    <div className="task-section">
      <div className="table-tools">
        <StateFilter counts={counts} total={tasks.length} shown={states} onChange={setStates} />
        <input
          ref={searchBox}
          type="search"
          className="search"
          placeholder="Search id, title, error  ( / )"
          aria-label="Search tasks by id, title or error"
          data-testid="task-search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <span className="dim">
          {rows.length === tasks.length
            ? `${tasks.length} tasks`
            : `${rows.length} of ${tasks.length}`}
        </span>
      </div>
      <section
        ref={scroll}
        className="task-table"
        data-testid="task-table"
        aria-label="Tasks: arrows or j and k move, Enter opens"
        // Only the rows in view exist, so they cannot take the focus one by one: the table
        // takes it and moves its selection.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the scrolling table takes the arrow keys
        tabIndex={0}
        onKeyDown={onKeyDown}
        onClick={onClick}
      >
        <table aria-rowcount={rows.length + 1}>
          <TaskTableHead sort={sort} onSort={toggleSort} />
          <tbody>
            {above > 0 && <tr className="spacer" style={{ height: above }} />}
            {items.map((item) => {
              const task = rows[item.index] as TaskView;
              return (
                <TaskRow
                  key={task.id}
                  task={task}
                  runId={runId}
                  selected={task.id === selected}
                  now={task.state === "active" ? now : 0}
                />
              );
            })}
            {below > 0 && <tr className="spacer" style={{ height: below }} />}
          </tbody>
        </table>
        {rows.length === 0 && <p className="empty">No task matches.</p>}
      </section>
      <span className="visually-hidden" aria-live="polite">
        {current ? `${current.id}, ${current.state}: ${current.title}` : ""}
      </span>
    </div>
  );
});
