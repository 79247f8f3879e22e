// Preloaded into a test server (NODE_OPTIONS=--require): the optional typescript7 package cannot be resolved, as on
// a machine where it is not installed.
const Module = require("node:module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === "typescript7" || request.startsWith("typescript7/")) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = "MODULE_NOT_FOUND";
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
