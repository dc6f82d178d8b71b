import { useMemo, useState } from "react";
import { listUsers } from "./api/users";
import Footer from "./components/Footer.jsx";
import { Header } from "./components/Header.jsx";
import { UserList } from "./components/UserList";
import { useDebounce } from "./hooks/useDebounce";
import { useFetch } from "./hooks/useFetch";
import { useLocalStorage } from "./hooks/useLocalStorage";
import { average } from "./utils/math";

export default function App() {
  const [query, setQuery] = useState("");
  const [theme, setTheme] = useLocalStorage("theme", "light");
  const search = useDebounce(query, 200);
  const { data, error, loading, reload } = useFetch(listUsers, "users");

  const users = useMemo(
    () => (data ?? []).filter((u) => u.name.toLowerCase().includes(search.toLowerCase())),
    [data, search],
  );
  const meanNameLength = average(users.map((u) => u.name.length));

  return (
    <div className={`app ${theme}`}>
      <Header title="Team" subtitle={`${users.length} people`} onSearch={setQuery} />
      <button type="button" onClick={() => setTheme(theme === "light" ? "dark" : "light")}>
        Toggle theme
      </button>
      {loading && <p>Loading…</p>}
      {error && (
        <p className="error">
          {error.message} <button onClick={reload}>Retry</button>
        </p>
      )}
      <UserList users={users} onChange={(id) => console.log("selected", id)} />
      <p>Average name length: {meanNameLength.toFixed(1)}</p>
      <Footer count={users.length} updatedAt={new Date()} />
    </div>
  );
}
