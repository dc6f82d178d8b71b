import PropTypes from "prop-types";

export function Header({ title, subtitle, onSearch }) {
  return (
    <header className="header">
      <h1>{title}</h1>
      {subtitle && <p className="subtitle">{subtitle}</p>}
      <input type="search" placeholder="Search" onChange={(e) => onSearch(e.target.value)} />
    </header>
  );
}

Header.propTypes = {
  title: PropTypes.string.isRequired,
  subtitle: PropTypes.string,
  onSearch: PropTypes.func.isRequired,
};
