// The official MCP TypeScript SDK's stdio client: it starts the server as a desktop client does (a child process
// speaking newline-delimited JSON-RPC on its standard input and output), initializes, lists the tools, calls
// read_account and closes (end of input), then reports.
//
// Usage: QCMCP_STDIO_SERVER='{"command": "...", "args": [...], "env": {...}}' node client.mjs
// Prints one JSON object on the last line of stdout. The server's standard error is counted, never echoed.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const server = JSON.parse(process.env.QCMCP_STDIO_SERVER);
const summary = { ok: false, errors: [], steps: [] };
let stderrBytes = 0;

const transport = new StdioClientTransport({
  command: server.command,
  args: server.args,
  env: server.env,
  stderr: 'pipe',
});
transport.stderr.on('data', chunk => { stderrBytes += chunk.length; });
const client = new Client({ name: 'qcmcp-stdio-test', version: '0.0.0' });
// A line on stdout that is not JSON-RPC reaches here (the SDK's read buffer fails on it).
client.onerror = error => summary.errors.push(String(error?.message ?? error));

try {
  const started = Date.now();
  await client.connect(transport);
  summary.steps.push('initialize');
  summary.serverName = client.getServerVersion()?.name ?? null;
  summary.pid = transport.pid;
  const tools = await client.listTools();
  summary.firstToolsListMs = Date.now() - started;
  summary.steps.push('tools/list');
  summary.toolCount = tools.tools.length;
  summary.tools = tools.tools.map(tool => tool.name);
  const result = await client.callTool({ name: 'read_account', arguments: {} });
  summary.steps.push('read_account');
  summary.callIsError = result.isError ?? false;
  summary.callText = result.content?.[0]?.text ?? null;
  const closing = Date.now();
  await client.close();
  // The transport ends the server's input, then waits up to 2 s before it sends SIGTERM.
  summary.closeMs = Date.now() - closing;
  summary.ok = true;
} catch (error) {
  summary.errors.push(String(error?.stack ?? error));
  await client.close().catch(() => {});
}
summary.stderrBytes = stderrBytes;
console.log(JSON.stringify(summary));
