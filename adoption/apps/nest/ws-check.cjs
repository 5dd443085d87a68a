// Calls the gateway's `me` message once: `node ws-check.cjs <url> [accessToken]`.
// Prints { result: 'answered', reply } or { result: 'refused', reason } (or 'timeout').
const { io } = require('socket.io-client');

const [url, token] = process.argv.slice(2);
const socket = io(url, {
  transports: ['websocket'],
  reconnection: false,
  auth: token ? { token } : {},
  extraHeaders: token ? { authorization: `Bearer ${token}` } : {},
});
let finished = false;
const finish = (result) => {
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  console.log(JSON.stringify(result));
  socket.close();
};
const timer = setTimeout(() => finish({ result: 'timeout' }), 5000);
socket.on('connect_error', (error) => finish({ result: 'refused', reason: error.message }));
socket.on('exception', (error) => finish({ result: 'refused', reason: error }));
socket.on('disconnect', (reason) => finish({ result: 'refused', reason }));
socket.on('connect', () => socket.emit('me', {}, (reply) => finish({ result: 'answered', reply })));
