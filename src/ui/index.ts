export type { DashboardExit, DashboardMode } from "./dashboard.js";
export { type DashboardHandle, type DashboardOptions, showDashboard } from "./show-dashboard.js";
