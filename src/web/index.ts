export {
  startWebServer,
  type WebActions,
  type WebServer,
  type WebServerOptions,
} from "./web-server.js";
