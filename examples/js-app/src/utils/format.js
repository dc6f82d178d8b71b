/**
 * Formats an amount of money for display.
 * @param {number} amount
 * @param {string} [currency] ISO 4217 code, USD when left out
 * @returns {string}
 */
export function formatCurrency(amount, currency) {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency ?? "USD",
  }).format(amount);
}

/**
 * @param {Date} date
 * @returns {string}
 */
export function formatDate(date) {
  return date.toISOString().slice(0, 10);
}

/**
 * @param {string} text
 * @param {number} max
 * @returns {string}
 */
export function truncate(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function slugify(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export function initials(name) {
  return name
    .split(" ")
    .map((part) => part[0])
    .join("")
    .toUpperCase();
}
