import React from "react";
import PropTypes from "prop-types";
import { UserCard } from "./UserCard.jsx";

export class UserList extends React.Component {
  constructor(props) {
    super(props);
    this.state = { selectedId: null };
    this.handleSelect = this.handleSelect.bind(this);
  }

  handleSelect(id) {
    this.setState({ selectedId: id });
    if (this.props.onChange) this.props.onChange(id);
  }

  render() {
    const { users, emptyText } = this.props;
    if (users.length === 0) return <p className="empty">{emptyText}</p>;
    return (
      <ul className="users">
        {users.map((user) => (
          <UserCard
            key={user.id}
            user={user}
            tags={user.role ? [user.role] : []}
            selected={user.id === this.state.selectedId}
            onSelect={this.handleSelect}
          />
        ))}
      </ul>
    );
  }
}

UserList.propTypes = {
  users: PropTypes.arrayOf(PropTypes.object).isRequired,
  emptyText: PropTypes.node,
  onChange: PropTypes.func,
};

UserList.defaultProps = {
  emptyText: "Nobody here yet.",
};
