/**
 * @typedef {Object} User
 * @property {number} id
 * @property {string} name
 * @property {string} email
 * @property {string} [role]
 */

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * @param {string} value
 * @returns {boolean}
 */
export function isEmail(value) {
  return EMAIL.test(value);
}

/**
 * Lists what is wrong with a user record.
 * @param {User} user
 * @returns {string[]}
 */
export function validateUser(user) {
  const problems = [];
  if (!user.name.trim()) problems.push("name is empty");
  if (!isEmail(user.email)) problems.push(`${user.email} is not an email address`);
  return problems;
}
