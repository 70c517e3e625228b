/**
 * A local server that speaks the Pathors chat-completions contract
 * (docs: pathors-api.md). The unit tests, the in-VS-Code integration tests,
 * the Playwright end-to-end tests and the no-account demo all run against it.
 *
 * Node built-ins only, plain CommonJS-friendly TypeScript: the integration
 * suite bundles this file with esbuild into the extension host.
 *
 * By default every valid chat request gets {@link demoReply}, or, when it attaches a file and
 * asks to fix or rename something, a change to apply (./demoAgent.ts). Tests queue
 * {@link ScriptedReply} values with {@link PathorsServer.enqueue} to force
 * errors, odd streams, dropped connections and hanging requests.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { attachmentReply } from './demoAgent';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  tool_call_id?: string;
  /** Assistant turns that called tools (OpenAI shape), kept as sent. */
  tool_calls?: unknown[];
}

export interface RecordedRequest {
  method: string;
  /** The request target as received (path and query). */
  path: string;
  /** Lower-case names. `authorization` is redacted to `<scheme> ***`. */
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: unknown;
  /** What the server answered. */
  status: number;
  /** Session used or created, null when none was. */
  sessionId: string | null;
  /** The request carried a Bearer token equal to the API key (scheme matched case-insensitively). */
  authorized: boolean;
  /** The Authorization header was exactly `Bearer <API key>`. */
  authorizationMatched: boolean;
}

export interface ScriptedReply {
  /** Default 200. Set explicitly, the reply is returned even to requests that fail authentication or validation. */
  status?: number;
  /** Extra reply headers; they override the defaults. */
  headers?: Record<string, string>;
  /** Raw body sent as is in one write (errors, HTML pages, JSON, hand-made SSE). */
  body?: string;
  /** Raw body pieces written one by one, after `delayMs` each. Bytes may split a UTF-8 character. */
  chunks?: Array<string | Uint8Array>;
  /** The assistant reply; the server builds a proper SSE stream (or JSON when not streaming) from it. */
  text?: string;
  /** With `text`: code points per delta (never splits a surrogate pair). Default 8. */
  chunkSize?: number;
  /** Pause before each chunk or delta. Default 0 (default replies use the server's pace). */
  delayMs?: number;
  /** Destroy the socket after this many chunks/deltas (a dropped connection; no [DONE]). */
  dropAfter?: number;
  /** After this many deltas send an `{"error": ...}` event and end without [DONE]. Without streaming: answer with that error object. */
  errorAfter?: number;
  /** End the stream cleanly but without `data: [DONE]`. */
  omitDone?: boolean;
  /** Default true: send the X-Session-ID reply header. */
  sessionInHeader?: boolean;
  /** Default true: `session_id` in every chunk / the JSON body. */
  sessionInBody?: boolean;
  /** Default 'stop'. */
  finishReason?: string;
  /** Send 200 event-stream headers, then nothing until the client goes away. */
  hang?: boolean;
  /** Read the request, then send nothing at all, not even headers, until the client goes away. */
  hangBeforeHeaders?: boolean;
  /** After this many chunks/deltas, stop writing (the connection stays open) until the client goes away. */
  stallAfter?: number;
  /**
   * Tool calls the reply makes, after its `text` (default none), streamed the OpenAI way: a first
   * fragment with index, id and name, then the arguments in pieces of `chunkSize` characters;
   * the reply ends with `finish_reason: "tool_calls"`.
   */
  toolCalls?: ScriptedToolCall[];
}

/** One tool call of a {@link ScriptedReply}. */
export interface ScriptedToolCall {
  /** Default `call_<n>`. */
  id?: string;
  name: string;
  /** The arguments JSON text, sent as is. */
  arguments: string;
}

export interface ServerOptions {
  /** Default 0 (a free port). The server listens on 127.0.0.1. */
  port?: number;
  /** Default 'sk_test_local'. */
  apiKey?: string;
  /** Default 'demo-project'. Other project ids get 404. */
  projectId?: string;
  /** Delay between deltas of default replies, in ms. Default 0. */
  paceMs?: number;
  /** One line per request. Never contains the Authorization header or the key. */
  log?: (line: string) => void;
}

/** Largest request body accepted; larger ones get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;
const MODEL = 'pathway-default';
const ROLES: readonly string[] = ['system', 'user', 'assistant', 'tool'];
const LEGACY_ROUTE = /^\/api\/project\/([^/]+)\/integration\/api\/chat\/completions$/;
const V1_ROUTE = /^\/v1\/projects\/([^/]+)\/chat\/completions$/;

interface Session {
  readonly messages: ChatMessage[];
  turns: number;
}

interface Chat {
  readonly messages: ChatMessage[];
  readonly stream: boolean;
  readonly sessionId: string | null;
}

/** One response in flight: knows when the client has gone so writers stop. */
class Outlet {
  closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wakers = new Set<() => void>();

  constructor(readonly res: http.ServerResponse) {
    res.on('close', () => {
      this.closed = true;
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      for (const wake of this.wakers) wake();
      this.wakers.clear();
    });
  }

  /** Waits `ms`, or less if the client goes away. Resolves to whether it is still there. */
  sleep(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.wakers.delete(done);
        resolve(!this.closed);
      };
      const timer = setTimeout(done, ms);
      this.timers.add(timer);
      this.wakers.add(done);
    });
  }

  /** Resolves once the client goes away (or the server closes). */
  untilClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.wakers.add(resolve));
  }

  /** Writes and waits until the data is handed to the socket. Resolves to whether that worked. */
  write(data: string | Uint8Array): Promise<boolean> {
    if (this.closed || this.res.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        this.wakers.delete(onClose);
        resolve(ok);
      };
      const onClose = () => done(false);
      this.wakers.add(onClose);
      try {
        this.res.write(data, (err) => done(!err && !this.closed));
      } catch {
        done(false);
      }
    });
  }

  end(data?: string): void {
    if (this.closed || this.res.destroyed) return;
    try {
      this.res.end(data);
    } catch {
      this.res.destroy();
    }
  }

  /** Cuts the connection without finishing the response. */
  drop(): void {
    this.res.socket?.destroy();
    this.res.destroy();
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'invalid_request_error',
  ) {
    super(message);
  }
}

function errorJson(message: string, type: string): string {
  return JSON.stringify({ error: { message, type } });
}

function hash(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Constant-time string comparison (both sides hashed to equal length first). */
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(hash(a), hash(b));
}

function codePoints(s: string): string[] {
  return Array.from(s);
}

function clip(s: string, max: number): string {
  const cps = codePoints(s);
  return cps.length > max ? `${cps.slice(0, max).join('')}…` : s;
}

/** Splits text into pieces of `size` code points. */
function splitText(text: string, size: number): string[] {
  const cps = codePoints(text);
  const n = Math.max(1, Math.floor(size));
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += n) out.push(cps.slice(i, i + n).join(''));
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a request body against the contract; throws HttpError(400) with a message saying what is wrong. */
function parseChat(body: unknown): Chat {
  if (!isObject(body)) throw new HttpError(400, 'Request body must be a JSON object.');
  const { messages, stream, session_id: sessionId, tools } = body;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new HttpError(400, '`messages` must be a non-empty array.');
  }
  const parsed = messages.map((m, i): ChatMessage => {
    if (!isObject(m)) throw new HttpError(400, `messages[${i}] must be an object.`);
    if (typeof m.role !== 'string' || !ROLES.includes(m.role)) {
      throw new HttpError(400, `messages[${i}].role must be one of ${ROLES.join(', ')}.`);
    }
    const role = m.role as ChatMessage['role'];
    const callsTools = role === 'assistant' && m.tool_calls !== undefined;
    if (callsTools && !Array.isArray(m.tool_calls)) {
      throw new HttpError(400, `messages[${i}].tool_calls must be an array.`);
    }
    if (typeof m.content !== 'string' && !(callsTools && m.content === null)) {
      throw new HttpError(400, `messages[${i}].content must be a string.`);
    }
    const out: ChatMessage = { role, content: typeof m.content === 'string' ? m.content : '' };
    if (role === 'tool') {
      if (typeof m.tool_call_id !== 'string' || m.tool_call_id === '') {
        throw new HttpError(400, `messages[${i}].tool_call_id is required for tool messages.`);
      }
      out.tool_call_id = m.tool_call_id;
    }
    if (callsTools) out.tool_calls = m.tool_calls as unknown[];
    return out;
  });
  if (stream !== undefined && typeof stream !== 'boolean') throw new HttpError(400, '`stream` must be a boolean.');
  if (sessionId !== undefined && typeof sessionId !== 'string') {
    throw new HttpError(400, '`session_id` must be a string.');
  }
  if (tools !== undefined && !Array.isArray(tools)) throw new HttpError(400, '`tools` must be an array.');
  return {
    messages: parsed,
    stream: stream === true,
    sessionId: typeof sessionId === 'string' && sessionId.trim() !== '' ? sessionId.trim() : null,
  };
}

/** Best-effort: the assistant text in a raw reply body (a JSON completion or an SSE stream). */
function assistantTextOf(raw: string): string {
  const trimmed = raw.trim();
  try {
    const json: unknown = JSON.parse(trimmed);
    if (isObject(json) && Array.isArray(json.choices) && isObject(json.choices[0])) {
      const msg = json.choices[0].message;
      if (isObject(msg) && typeof msg.content === 'string') return msg.content;
    }
    return '';
  } catch {
    // Not JSON: try an event stream.
  }
  let text = '';
  for (const line of raw.split(/\r\n|\r|\n/)) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trimStart();
    if (data === '[DONE]') break;
    try {
      const chunk: unknown = JSON.parse(data);
      if (isObject(chunk) && Array.isArray(chunk.choices) && isObject(chunk.choices[0])) {
        const delta = chunk.choices[0].delta;
        if (isObject(delta) && typeof delta.content === 'string') text += delta.content;
      }
    } catch {
      // Skip lines that are not JSON.
    }
  }
  return text;
}

function defaultContentType(body: string): string {
  const s = body.trimStart();
  if (s.startsWith('{') || s.startsWith('[')) return 'application/json; charset=utf-8';
  if (s.startsWith('data:') || s.startsWith(':') || s.startsWith('event:')) return 'text/event-stream; charset=utf-8';
  if (s.startsWith('<')) return 'text/html; charset=utf-8';
  return 'text/plain; charset=utf-8';
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;
const TIPS: readonly string[] = [
  'Select some code and run **Ask about Selection** to send it along with your question.',
  'Press **Stop** at any time; the part of the reply that already arrived is kept.',
  'Start a **New Chat** to begin a fresh session on the server.',
];

/**
 * The built-in reply: friendly Markdown that echoes the question, so a reader
 * (or a test) can see what was received and that the server keeps the session.
 * Deterministic for a given question and turn number.
 */
export function demoReply(question: string, turn = 1): string {
  const oneLine = question.replace(/\s+/g, ' ').trim();
  const quoted = oneLine === '' ? '(an empty message)' : clip(oneLine, 80);
  const tip = TIPS[hash(oneLine).readUInt32BE(0) % TIPS.length];
  const literal = JSON.stringify(clip(oneLine, 80)).replace(/`/g, '\\u0060');
  const lines = [
    '### Hello from the Pathors demo server',
    '',
    `You asked: “${quoted}”`,
    '',
  ];
  if (CJK.test(question)) {
    lines.push('你好!這是本機示範伺服器的回覆,中文會以 UTF-8 完整傳送,不會被切成亂碼。', '');
  }
  lines.push(
    `This is message ${turn} in this session. The server keeps the conversation, so a follow-up question can refer to this one.`,
    '',
    `- Your question has ${codePoints(question).length} characters.`,
    '- Replies stream in small pieces, so the text grows as it arrives.',
    `- ${tip}`,
    '',
    '```ts',
    `// Turn ${turn} of this session`,
    `const question = ${literal};`,
    'console.log(`${question.length} characters`);',
    '```',
    '',
    'This is a local stand-in for a Pathors agent: connect a real project to get real answers.',
  );
  return lines.join('\n');
}

/** Merges header objects; later ones win, whatever the case of their names. */
function mergeHeaders(...sets: Array<Record<string, string> | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const set of sets) for (const [k, v] of Object.entries(set ?? {})) out[k.toLowerCase()] = v;
  return out;
}

export class PathorsServer {
  readonly requests: RecordedRequest[] = [];
  readonly projectId: string;
  private key: string;
  private paceMs: number;
  private readonly log?: (line: string) => void;
  private readonly queue: ScriptedReply[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<Socket>();
  private readonly waiters = new Set<() => void>();
  private readonly open = new Set<http.ServerResponse>();
  private readonly server: http.Server;
  private closing: Promise<void> | undefined;

  private constructor(opts: ServerOptions) {
    this.key = opts.apiKey ?? 'sk_test_local';
    this.projectId = opts.projectId ?? 'demo-project';
    this.paceMs = opts.paceMs ?? 0;
    this.log = opts.log;
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) {
          try {
            res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
            res.end(errorJson('Internal server error', 'server_error'));
            return;
          } catch {
            // Fall through to destroy.
          }
        }
        res.destroy();
      });
    });
    this.server.on('connection', (socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
  }

  /** Starts a server on 127.0.0.1; resolves once it listens. */
  static start(opts: ServerOptions = {}): Promise<PathorsServer> {
    const s = new PathorsServer(opts);
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      s.server.once('error', onError);
      s.server.listen(opts.port ?? 0, '127.0.0.1', () => {
        s.server.off('error', onError);
        s.server.on('error', () => undefined);
        resolve(s);
      });
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get apiKey(): string {
    return this.key;
  }

  endpointUrl(projectId: string = this.projectId): string {
    return `${this.baseUrl}/api/project/${encodeURIComponent(projectId)}/integration/api/chat/completions`;
  }

  /** The newer Pathors form of the endpoint, `/v1/projects/{projectId}/chat/completions`, answered the same way. */
  v1EndpointUrl(projectId: string = this.projectId): string {
    return `${this.baseUrl}/v1/projects/${encodeURIComponent(projectId)}/chat/completions`;
  }

  /** Queues replies for the next valid chat requests, first in first out. */
  enqueue(...replies: ScriptedReply[]): void {
    this.queue.push(...replies);
  }

  setPaceMs(ms: number): void {
    this.paceMs = ms;
  }

  setApiKey(key: string): void {
    this.key = key;
  }

  /** The conversation the server holds for a session (a copy), or undefined if it does not know it. */
  sessionTranscript(id: string): ChatMessage[] | undefined {
    return this.sessions.get(id)?.messages.map((m) => ({ ...m }));
  }

  /** Resolves once at least `n` requests have been answered (their status is known). */
  waitForRequests(n: number, timeoutMs = 2000): Promise<RecordedRequest[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.requests.length < n) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(this.requests.slice());
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${n} request(s); got ${this.requests.length}.`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  /** Responses still open: a client that aborted (or a stream that ended) is no longer counted. */
  get openResponses(): number {
    return this.open.size;
  }

  /** Resolves once no response is open, e.g. after a client aborted a hanging stream. */
  async waitForNoOpenResponses(timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.open.size > 0) {
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${this.open.size} response(s) still open.`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Forgets queued replies, recorded requests and sessions. */
  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
    this.sessions.clear();
  }

  /** Stops listening and cuts every open connection, hanging streams included. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = new Promise((resolve) => {
        this.server.close(() => resolve());
        for (const socket of this.sockets) socket.destroy();
        this.server.closeAllConnections?.();
      });
    }
    return this.closing;
  }

  private record(rec: RecordedRequest): void {
    this.requests.push(rec);
    const stream = isObject(rec.body) && rec.body.stream === true ? ' stream' : '';
    const path = this.key === '' ? rec.path : rec.path.split(this.key).join('***');
    this.log?.(`${rec.method} ${path} -> ${rec.status}${rec.sessionId ? ` session=${rec.sessionId}` : ''}${stream}`);
    for (const check of Array.from(this.waiters)) check();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const out = new Outlet(res);
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const { bytes, tooLarge } = await readBody(req);
    const rawBody = bytes.toString('utf8');
    let body: unknown;
    try {
      body = rawBody.trim() === '' ? undefined : JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const auth = this.checkAuth(req.headers.authorization);
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: recordHeaders(req.headers),
      rawBody,
      body,
      status: 0,
      sessionId: null,
      ...auth,
    };
    const answer = (status: number, text: string, type = 'application/json; charset=utf-8', extra: Record<string, string> = {}) => {
      rec.status = status;
      this.record(rec);
      if (out.closed) return;
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(text)), ...extra });
      out.end(text);
    };

    const pathname = rec.path.split('?')[0];
    if (pathname === '/healthz') {
      if (rec.method === 'GET' || rec.method === 'HEAD') return answer(200, 'ok', 'text/plain; charset=utf-8');
      return answer(405, errorJson('Method not allowed', 'invalid_request_error'), undefined, { Allow: 'GET, HEAD' });
    }
    const route = LEGACY_ROUTE.exec(pathname) ?? V1_ROUTE.exec(pathname);
    if (!route) return answer(404, errorJson(`No route for ${rec.method} ${pathname}`, 'invalid_request_error'));
    if (rec.method !== 'POST') {
      return answer(405, errorJson('Method not allowed: use POST', 'invalid_request_error'), undefined, { Allow: 'POST' });
    }
    let projectId: string | null;
    try {
      projectId = decodeURIComponent(route[1]);
    } catch {
      projectId = null;
    }

    let chat: Chat | null = null;
    let problem: HttpError | null = null;
    try {
      if (!auth.authorized) throw new HttpError(401, 'Invalid API key');
      if (projectId !== this.projectId) throw new HttpError(404, 'Project not found');
      if (tooLarge) throw new HttpError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes.`);
      if (body === undefined) {
        throw new HttpError(400, rawBody.trim() === '' ? 'Request body is empty.' : 'Request body is not valid JSON.');
      }
      chat = parseChat(body);
    } catch (err) {
      problem = err instanceof HttpError ? err : new HttpError(400, 'Invalid request');
    }

    const forced = this.queue.length > 0 && this.queue[0].status !== undefined;
    if (problem && !forced) return answer(problem.status, errorJson(problem.message, problem.type));
    const scripted = this.queue.shift();
    const reply: ScriptedReply = scripted ?? {};
    const status = reply.status ?? 200;

    // A session is used only by a valid request that gets a successful answer.
    let session: Session | null = null;
    let sessionId: string | null = null;
    if (chat && status < 400) {
      const header = req.headers['x-session-id'];
      const fromHeader = (Array.isArray(header) ? header[0] : header)?.trim();
      sessionId = fromHeader || chat.sessionId || `session-${randomBytes(8).toString('hex')}`;
      session = this.sessions.get(sessionId) ?? { messages: [], turns: 0 };
      this.sessions.set(sessionId, session);
      session.messages.push(...chat.messages);
      session.turns += 1;
    }
    rec.sessionId = sessionId;
    rec.status = status;

    const headers: Record<string, string> = {};
    if (sessionId && reply.sessionInHeader !== false) headers['X-Session-ID'] = sessionId;
    const finish = (text: string) => {
      if (session && text !== '') session.messages.push({ role: 'assistant', content: text });
    };
    const streaming = chat ? chat.stream : isObject(body) && body.stream === true;

    if (reply.hangBeforeHeaders) {
      rec.status = 0;
      this.record(rec);
      return; // No status line until the client (or close()) ends the connection.
    }

    if (reply.hang) {
      rec.status = 200;
      this.record(rec);
      res.writeHead(200, mergeHeaders(sseHeaders(), headers, reply.headers));
      res.flushHeaders();
      return; // Nothing more until the client (or close()) ends the connection.
    }

    if (reply.chunks !== undefined || reply.body !== undefined) {
      this.record(rec);
      const pieces = reply.chunks ?? [reply.body ?? ''];
      const bytes = (p: string | Uint8Array) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p);
      // The start is enough to pick a content type; a large body is not copied before it is sent.
      const start = Buffer.concat(pieces.slice(0, 8).map(bytes)).subarray(0, 1024).toString('utf8');
      res.writeHead(status, mergeHeaders({ 'Content-Type': defaultContentType(start) }, headers, reply.headers));
      res.flushHeaders();
      for (let i = 0; i < pieces.length; i++) {
        if (reply.dropAfter !== undefined && i >= reply.dropAfter) return out.drop();
        if (reply.stallAfter !== undefined && i >= reply.stallAfter) return out.untilClosed();
        if (!(await out.sleep(reply.delayMs ?? 0))) return;
        if (!(await out.write(pieces[i]))) return;
      }
      if (reply.dropAfter !== undefined && pieces.length >= reply.dropAfter) return out.drop();
      out.end();
      finish(assistantTextOf(Buffer.concat(pieces.map(bytes)).toString('utf8')));
      return;
    }

    if (status >= 400 && reply.text === undefined) {
      const type = status === 401 ? 'invalid_request_error' : status < 500 ? 'invalid_request_error' : 'server_error';
      const message = problem?.status === status ? problem.message : (http.STATUS_CODES[status] ?? 'Error');
      return answer(status, errorJson(message, type), undefined, { ...headers, ...reply.headers });
    }

    const question = chat ? lastUserText(chat.messages, session) : '';
    const toolCalls = (reply.toolCalls ?? (chat && !scripted ? askedToolCalls(body, chat.messages) : undefined))?.map((c, i) => ({
      ...c,
      id: c.id ?? `call_${randomBytes(4).toString('hex')}_${i}`,
    }));
    const toolResult = chat && !scripted ? toolResultReply(chat.messages) : undefined;
    // A question with an attached file that asks for a fix or a rename gets a change to apply.
    const demo = () => attachmentReply(question) ?? demoReply(question, session?.turns ?? 1);
    const text = reply.text ?? (toolCalls ? '' : toolResult ? `${toolResult}\n\n${demo()}` : demo());
    const delayMs = reply.delayMs ?? (scripted ? 0 : this.paceMs);
    const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
    const created = Math.floor(Date.now() / 1000);
    const withSession = (o: Record<string, unknown>) =>
      sessionId && reply.sessionInBody !== false ? { ...o, session_id: sessionId } : o;
    const finishReason = reply.finishReason ?? (toolCalls?.length ? 'tool_calls' : 'stop');
    const wireCalls = toolCalls?.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
    const errorEvent = { error: { message: 'The pathway failed while generating the reply.', type: 'server_error' } };

    if (!streaming) {
      this.record(rec);
      const json =
        reply.errorAfter !== undefined
          ? JSON.stringify(errorEvent)
          : JSON.stringify(
              withSession({
                id,
                object: 'chat.completion',
                created,
                model: MODEL,
                choices: [
                  {
                    index: 0,
                    message: wireCalls?.length ? { role: 'assistant', content: text || null, tool_calls: wireCalls } : { role: 'assistant', content: text },
                    finish_reason: finishReason,
                  },
                ],
                usage: { prompt_tokens: -1, completion_tokens: -1, total_tokens: -1 },
              }),
            );
      res.writeHead(status, mergeHeaders({ 'Content-Type': 'application/json; charset=utf-8' }, headers, reply.headers));
      if (reply.dropAfter !== undefined) {
        // Half a body, then the connection goes away.
        await out.write(json.slice(0, Math.floor(json.length / 2)));
        return out.drop();
      }
      if (!(await out.sleep(delayMs))) return;
      if (reply.errorAfter === undefined) finish(text);
      return out.end(json);
    }

    this.record(rec);
    res.writeHead(status, mergeHeaders(sseHeaders(), headers, reply.headers));
    res.flushHeaders();
    const event = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
    const chunk = (delta: Record<string, unknown>, reason: string | null) =>
      event(
        withSession({
          id,
          object: 'chat.completion.chunk',
          created,
          model: MODEL,
          choices: [{ index: 0, delta, finish_reason: reason }],
        }),
      );
    const deltas = splitText(text, reply.chunkSize ?? 8);
    for (let i = 0; i < deltas.length; i++) {
      if (reply.dropAfter !== undefined && i >= reply.dropAfter) return out.drop();
      if (reply.stallAfter !== undefined && i >= reply.stallAfter) return out.untilClosed();
      if (reply.errorAfter !== undefined && i >= reply.errorAfter) {
        await out.write(event(errorEvent));
        return out.end();
      }
      if (!(await out.sleep(delayMs))) return;
      const delta: Record<string, string> = i === 0 ? { role: 'assistant', content: deltas[i] } : { content: deltas[i] };
      if (!(await out.write(chunk(delta, null)))) return;
    }
    if (reply.dropAfter !== undefined && deltas.length >= reply.dropAfter) return out.drop();
    if (reply.errorAfter !== undefined) {
      await out.write(event(errorEvent));
      return out.end();
    }
    for (const [index, call] of (toolCalls ?? []).entries()) {
      const first = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
      // A reply's first delta names the role, also when it starts with a call (OpenAI clients require it).
      const role = deltas.length === 0 && index === 0 ? { role: 'assistant' } : {};
      if (!(await out.sleep(delayMs)) || !(await out.write(chunk({ ...role, tool_calls: [first] }, null)))) return;
      for (const piece of splitText(call.arguments, reply.chunkSize ?? 8)) {
        if (!(await out.sleep(delayMs)) || !(await out.write(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null)))) return;
      }
    }
    if (session && wireCalls?.length) session.messages.push({ role: 'assistant', content: text, tool_calls: wireCalls });
    else finish(text);
    const last: Record<string, string> = deltas.length === 0 && !toolCalls?.length ? { role: 'assistant' } : {};
    if (!(await out.write(chunk(last, finishReason)))) return;
    if (!reply.omitDone && !(await out.write('data: [DONE]\n\n'))) return;
    out.end();
  }

  private checkAuth(header: string | undefined): Pick<RecordedRequest, 'authorized' | 'authorizationMatched'> {
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return {
      authorized: match !== null && safeEqual(match[1], this.key),
      authorizationMatched: header !== undefined && safeEqual(header, `Bearer ${this.key}`),
    };
  }
}

function sseHeaders(): Record<string, string> {
  return {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  };
}

/**
 * The calls a default reply makes: when the request offers `tools` and its last message is a
 * user turn saying `call tool <name>` (optionally `with {json}`) for one of them. This lets a
 * test (or a person trying the demo) drive tool calling without scripting the server.
 */
function askedToolCalls(body: unknown, messages: readonly ChatMessage[]): ScriptedToolCall[] | undefined {
  const tools = isObject(body) && Array.isArray(body.tools) ? body.tools : [];
  const last = messages[messages.length - 1];
  if (tools.length === 0 || last?.role !== 'user') return undefined;
  const m = /\bcall tool `?([\w.-]+)`?(?: with (\{.*\}))?/is.exec(last.content);
  const asked = m ? { name: m[1], arguments: m[2] ?? '{}' } : SCRIPTED_AGENT.find((s) => s.when.test(last.content))?.call;
  if (!asked) return undefined;
  const offered = tools.some((t) => isObject(t) && isObject(t.function) && t.function.name === asked.name);
  return offered ? [asked] : undefined;
}

/**
 * The demo agent's own requests, in plain words: what `npm run demo` (and the end-to-end tests)
 * ask to see the tools at work. Each answer then quotes the tool's result.
 */
const SCRIPTED_AGENT: readonly { readonly when: RegExp; readonly call: ScriptedToolCall }[] = [
  { when: /\bwhat does package\.json say\b/i, call: { name: 'read_file', arguments: '{"path":"package.json"}' } },
  { when: /\bfix the typo in (?:the )?readme\b/i, call: { name: 'propose_edit', arguments: '{"path":"README.md","old_text":"teh","new_text":"the"}' } },
  { when: /\brun the tests\b/i, call: { name: 'run_command', arguments: '{"command":"npm test"}' } },
];

/** The start of the default reply to tool results: what each returned, so a test sees them arrive. */
function toolResultReply(messages: readonly ChatMessage[]): string | undefined {
  const results: ChatMessage[] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i].role === 'tool'; i--) results.unshift(messages[i]);
  if (results.length === 0) return undefined;
  return results.map((r) => `Tool result ${r.tool_call_id}: ${r.content}`).join('\n\n');
}

/** The question a default reply answers: the last user message (the session already holds the ones just sent). */
function lastUserText(sent: readonly ChatMessage[], session: Session | null): string {
  const pool = session?.messages ?? sent;
  for (let i = pool.length - 1; i >= 0; i--) if (pool[i].role === 'user') return pool[i].content;
  return '';
}

function recordHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (out.authorization !== undefined) {
    const scheme = /^\s*(\S+)\s+\S/.exec(out.authorization);
    out.authorization = scheme ? `${scheme[1]} ***` : '***';
  }
  return out;
}

/** Reads the body, keeping at most MAX_BODY_BYTES (the rest is drained and dropped). */
function readBody(req: http.IncomingMessage): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const done = () => resolve({ bytes: Buffer.concat(parts), tooLarge });
    req.on('data', (data: Buffer) => {
      if (tooLarge) return;
      if (size + data.length > MAX_BODY_BYTES) {
        tooLarge = true;
        parts.push(data.subarray(0, MAX_BODY_BYTES - size));
        size = MAX_BODY_BYTES;
        return;
      }
      parts.push(data);
      size += data.length;
    });
    req.on('end', done);
    req.on('close', done);
    req.on('error', done);
  });
}
