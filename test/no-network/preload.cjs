// Preloaded with `NODE_OPTIONS=--require <this file>` into the CLI and the language server (and, through the
// inherited NODE_OPTIONS, into their worker threads) by no-network.test.ts: every way of opening a socket,
// resolving a name or starting a process is replaced by a function that appends a line to the file named in
// ASYNC_LINT_NETLOG and then throws, so an attempt is both loud (the caller fails) and recorded (even if the
// caller swallows the error). ASYNC_LINT_PRELOADLOG, when set, gets one line per thread this file loads in,
// which lets the test prove the preload really ran inside worker threads too.
"use strict";
const fs = require("node:fs");
const { threadId } = require("node:worker_threads");

const netLog = process.env.ASYNC_LINT_NETLOG;
if (!netLog) throw new Error("no-network preload: set ASYNC_LINT_NETLOG to the file that records attempts");
if (process.env.ASYNC_LINT_PRELOADLOG) fs.appendFileSync(process.env.ASYNC_LINT_PRELOADLOG, `pid ${process.pid} thread ${threadId}\n`);

function blocked(name) {
  return function blockedCall() {
    const stack = (new Error().stack ?? "").split("\n").slice(2, 6).join(" | ");
    fs.appendFileSync(netLog, `${name} pid ${process.pid} thread ${threadId}: ${stack}\n`);
    throw new Error(`no-network preload: ${name} is not allowed (the linter must not open sockets or start processes)`);
  };
}

function block(moduleName, object, names) {
  for (const name of names) {
    if (typeof object[name] !== "function") continue;
    object[name] = blocked(`${moduleName}.${name}`);
  }
}

const net = require("node:net");
block("net", net, ["connect", "createConnection", "createServer"]);
net.Socket.prototype.connect = blocked("net.Socket.prototype.connect");
block("tls", require("node:tls"), ["connect", "createServer"]);
block("http", require("node:http"), ["request", "get", "createServer"]);
block("https", require("node:https"), ["request", "get", "createServer"]);
block("http2", require("node:http2"), ["connect", "createServer", "createSecureServer"]);
block("dgram", require("node:dgram"), ["createSocket"]);

const dns = require("node:dns");
const dnsFunctions = ["lookup", "lookupService", "resolve", "resolve4", "resolve6", "resolveAny", "resolveCaa", "resolveCname", "resolveMx", "resolveNaptr", "resolveNs", "resolvePtr", "resolveSoa", "resolveSrv", "resolveTxt", "reverse"];
block("dns", dns, dnsFunctions);
block("dns.promises", dns.promises, dnsFunctions);
const dnsPromises = require("node:dns/promises");
if (dnsPromises !== dns.promises) block("dns/promises", dnsPromises, dnsFunctions);
for (const Resolver of [dns.Resolver, dns.promises.Resolver]) block("dns.Resolver.prototype", Resolver.prototype, dnsFunctions);

if (typeof globalThis.fetch === "function") globalThis.fetch = blocked("fetch");
if (typeof globalThis.WebSocket === "function") globalThis.WebSocket = blocked("WebSocket");

block("child_process", require("node:child_process"), ["spawn", "exec", "execFile", "fork", "spawnSync", "execSync", "execFileSync"]);
