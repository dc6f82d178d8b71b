export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

/** A small fetch wrapper with a time-limited cache of GET responses. */
export class ApiClient {
  /**
   * @param {string} baseUrl
   * @param {{ timeoutMs?: number, cacheMs?: number }} [options]
   */
  constructor(baseUrl, options = {}) {
    this.baseUrl = baseUrl.replace(/\/$/, "");
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.cacheMs = options.cacheMs ?? 30000;
    this.cache = new Map();
    this.requests = 0;
  }

  /**
   * @param {string} path
   * @returns {Promise<unknown>}
   */
  async get(path) {
    const hit = this.cache.get(path);
    if (hit && Date.now() - hit.at < this.cacheMs) return hit.body;
    const body = await this.request("GET", path);
    this.cache.set(path, { at: Date.now(), body });
    return body;
  }

  /**
   * @param {string} path
   * @param {unknown} payload
   */
  async post(path, payload) {
    this.cache.clear();
    return this.request("POST", path, payload);
  }

  async request(method, path, payload) {
    this.requests += 1;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: controller.signal,
      });
      if (!response.ok) throw new ApiError(response.status, `${method} ${path}: ${response.statusText}`);
      return response.json();
    } finally {
      clearTimeout(timer);
    }
  }
}

export const api = new ApiClient("/api");
