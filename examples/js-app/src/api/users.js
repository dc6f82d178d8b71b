import { api } from "./client";

/**
 * @returns {Promise<import("../utils/validation").User[]>}
 */
export async function listUsers() {
  const body = await api.get("/users");
  return body.users;
}

/**
 * @param {number} id
 */
export function getUser(id) {
  return api.get(`/users/${id}`);
}

export function createUser(user) {
  return api.post("/users", { name: user.name, email: user.email });
}
