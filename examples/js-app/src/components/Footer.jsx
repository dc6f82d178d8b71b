import PropTypes from "prop-types";

export default function Footer(props) {
  return (
    <footer className="footer">
      <small>
        {props.count} people · updated {props.updatedAt.toLocaleDateString()}
      </small>
    </footer>
  );
}

Footer.propTypes = {
  count: PropTypes.number.isRequired,
  updatedAt: PropTypes.instanceOf(Date).isRequired,
};
