export type { NodeMiddleware, NodeRequest } from './adapters/node-bridge.js';
export {
  CLIENT_IP_HEADER,
  sendFetchResponse,
  toFetchRequest,
  toNodeHandler,
} from './adapters/node-bridge.js';
