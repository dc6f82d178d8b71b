import type { SortKey } from "./task-filter.js";

export interface Sort {
  key: SortKey;
  descending: boolean;
}

const COLUMNS: { label: string; className: string; sort?: SortKey }[] = [
  { label: "#", className: "seq", sort: "seq" },
  { label: "id", className: "id", sort: "id" },
  { label: "title", className: "title" },
  { label: "state", className: "state", sort: "state" },
  { label: "attempt", className: "attempt" },
  { label: "worker", className: "worker" },
  { label: "duration", className: "duration", sort: "duration" },
  { label: "merge", className: "merge" },
  { label: "last line / error", className: "last" },
];

function ariaSort(sort: Sort, key: SortKey | undefined) {
  if (key !== sort.key) return undefined;
  return sort.descending ? "descending" : "ascending";
}

/** The table's columns, their widths, and a button on each sortable one. */
export function TaskTableHead(props: { sort: Sort; onSort: (key: SortKey) => void }) {
  const { sort, onSort } = props;
  return (
    <>
      <colgroup>
        {COLUMNS.map((column) => (
          <col key={column.label} className={`col-${column.className}`} />
        ))}
      </colgroup>
      <thead>
        <tr>
          {COLUMNS.map(({ label, sort: key }) => (
            <th key={label} scope="col" aria-sort={ariaSort(sort, key)}>
              {key ? (
                <button
                  type="button"
                  className="sort-button"
                  onClick={(event) => {
                    // The table opens the row under a click; this one is the header's.
                    event.stopPropagation();
                    onSort(key);
                  }}
                >
                  {label}
                  {key === sort.key ? (sort.descending ? " ▼" : " ▲") : ""}
                </button>
              ) : (
                label
              )}
            </th>
          ))}
        </tr>
      </thead>
    </>
  );
}
