#!/usr/bin/env node
// Reference mock for the "golden path" WebSocket protocol (peer benchmark kit).
// Listens on 127.0.0.1 only. Dependency: npm package `ws` (8.x). No other deps.
//
// Usage: node mock-server.js --port 8765 --secret s3cret [--delay-ms 0] [--stats-every-s 0] [--fault-every 0]
//   --delay-ms N     gap between the 5 events of a run (0 = all sent back-to-back)
//   --fault-every N  every Nth run, the tool_completed frame carries a foreign user_id
//                    (to prove that a kit's per-user isolation checks actually fire)
//
// Protocol:
//   GET /ws  Upgrade: websocket, Authorization: Bearer <JWT HS256, sub=user, exp in future>
//            (fallback for clients that cannot set headers: Sec-WebSocket-Protocol: jwt.<JWT>;
//             the server then selects that subprotocol in its 101 response)
//   bad/missing/expired token -> HTTP 401, no upgrade.
//   server -> {"type":"connection_established","connection_id":...,"user_id":...,"thread_id":...}
//   client -> {"type":"start_agent","payload":{"user_request":"hi","thread_id":"t","run_id":"nonce"}}
//   server -> agent_started, agent_thinking, tool_executing, tool_completed, agent_completed
//             each {"type","run_id","thread_id","user_id","agent_name","timestamp","payload"}
//   GET /stats -> JSON counters (plain HTTP, same port).
'use strict';
const http = require('http');
const crypto = require('crypto');
const { WebSocketServer } = require('ws');

function arg(name, def) {
  const i = process.argv.indexOf('--' + name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const PORT = parseInt(arg('port', process.env.PORT || '8765'), 10);
const SECRET = arg('secret', process.env.JWT_SECRET || 'dev-secret');
const DELAY_MS = parseInt(arg('delay-ms', '0'), 10);        // gap between the 5 events
const STATS_EVERY_S = parseInt(arg('stats-every-s', '0'), 10);
const FAULT_EVERY = parseInt(arg('fault-every', '0'), 10);
const HOST = '127.0.0.1';
const EVENTS = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];

const stats = { upgrades_ok: 0, rejected_401: 0, open: 0, closed: 0, start_agent: 0,
  runs_completed: 0, bad_messages: 0, frames_sent: 0, faults_injected: 0, users: new Set() };

function b64urlDecode(s) {
  s = s.replace(/-/g, '+').replace(/_/g, '/');
  while (s.length % 4) s += '=';
  return Buffer.from(s, 'base64');
}
// Returns the payload object if the HS256 JWT is valid and unexpired, else null.
function verifyJwt(token) {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  let header, payload;
  try {
    header = JSON.parse(b64urlDecode(parts[0]).toString('utf8'));
    payload = JSON.parse(b64urlDecode(parts[1]).toString('utf8'));
  } catch (e) { return null; }
  if (!header || header.alg !== 'HS256') return null;
  const expected = crypto.createHmac('sha256', SECRET).update(parts[0] + '.' + parts[1]).digest();
  const given = b64urlDecode(parts[2]);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) return null;
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= Date.now()) return null;
  return payload;
}

function tokenFrom(req) {
  const auth = req.headers['authorization'];
  if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  const proto = req.headers['sec-websocket-protocol'];
  if (proto) {
    const p = proto.split(',').map(x => x.trim()).find(x => x.startsWith('jwt.'));
    if (p) return p.slice(4);
  }
  return null;
}

const server = http.createServer((req, res) => {
  if (req.url === '/stats') {
    const out = Object.assign({}, stats, { users: stats.users.size });
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(out) + '\n');
  }
  res.writeHead(404); res.end();
});

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  // Echo back the jwt.<token> subprotocol if that is how the client authenticated.
  handleProtocols: (protocols) => {
    for (const p of protocols) if (p.startsWith('jwt.')) return p;
    return false;
  },
});

server.on('upgrade', (req, socket, head) => {
  const path = (req.url || '').split('?')[0];
  const claims = path === '/ws' ? verifyJwt(tokenFrom(req)) : null;
  if (!claims) {
    stats.rejected_401++;
    socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, claims));
});

wss.on('connection', (ws, req, claims) => {
  const userId = claims.sub;
  const connectionId = crypto.randomUUID();
  stats.upgrades_ok++; stats.open++; stats.users.add(userId);
  ws.on('close', () => { stats.open--; stats.closed++; });
  ws.on('error', () => {});
  ws.send(JSON.stringify({ type: 'connection_established', connection_id: connectionId, user_id: userId,
    thread_id: `t-${userId}-${connectionId}` }));
  stats.frames_sent++;

  ws.on('message', (data, isBinary) => {
    let msg;
    try { msg = JSON.parse(data.toString('utf8')); } catch (e) { stats.bad_messages++; return; }
    if (!msg || msg.type !== 'start_agent' || !msg.payload || typeof msg.payload.run_id !== 'string') {
      stats.bad_messages++;
      ws.send(JSON.stringify({ type: 'error', user_id: userId, payload: { message: 'expected start_agent with payload.run_id' } }));
      return;
    }
    stats.start_agent++;
    const faulty = FAULT_EVERY > 0 && stats.start_agent % FAULT_EVERY === 0;
    const runId = msg.payload.run_id;
    const threadId = typeof msg.payload.thread_id === 'string' ? msg.payload.thread_id : 'default';
    let i = 0;
    const sendNext = () => {
      if (ws.readyState !== ws.OPEN) return;
      const type = EVENTS[i];
      const frame = {
        type, run_id: runId, thread_id: threadId,
        user_id: faulty && type === 'tool_completed' ? 'intruder-' + userId : userId,
        agent_name: 'mock_agent', timestamp: new Date().toISOString(),
        payload: type === 'agent_completed' ? { result: 'done: ' + String(msg.payload.user_request || '') }
               : type === 'tool_executing' ? { tool_name: 'echo' }
               : type === 'tool_completed' ? { tool_name: 'echo', result: 'ok' }
               : type === 'agent_thinking' ? { thought: 'thinking' } : {},
      };
      ws.send(JSON.stringify(frame));
      stats.frames_sent++;
      if (frame.user_id !== userId) stats.faults_injected++;
      i++;
      if (i === EVENTS.length) { stats.runs_completed++; return; }
      if (DELAY_MS > 0) setTimeout(sendNext, DELAY_MS); else sendNext();
    };
    sendNext();
  });
});

server.listen(PORT, HOST, () => {
  console.log(`mock golden-path server on ws://${HOST}:${PORT}/ws (delay-ms=${DELAY_MS}, fault-every=${FAULT_EVERY})`);
});
function dump() { console.log('stats ' + JSON.stringify(Object.assign({}, stats, { users: stats.users.size }))); }
if (STATS_EVERY_S > 0) setInterval(dump, STATS_EVERY_S * 1000).unref();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { dump(); process.exit(0); });
