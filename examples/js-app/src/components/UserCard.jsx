import PropTypes from "prop-types";
import { initials, truncate } from "../utils/format";

export function UserCard({ user, selected, onSelect, tags }) {
  return (
    <li className={selected ? "card selected" : "card"} onClick={() => onSelect(user.id)}>
      <span className="avatar">{initials(user.name)}</span>
      <strong>{truncate(user.name, 24)}</strong>
      <a href={`mailto:${user.email}`}>{user.email}</a>
      {user.role === "admin" && <em>admin</em>}
      <ul>
        {tags.map((tag) => (
          <li key={tag}>{tag}</li>
        ))}
      </ul>
    </li>
  );
}

UserCard.propTypes = {
  user: PropTypes.shape({
    id: PropTypes.number.isRequired,
    name: PropTypes.string.isRequired,
    email: PropTypes.string.isRequired,
    role: PropTypes.oneOf(["admin", "member"]),
  }).isRequired,
  selected: PropTypes.bool,
  onSelect: PropTypes.func.isRequired,
  tags: PropTypes.arrayOf(PropTypes.string).isRequired,
};
