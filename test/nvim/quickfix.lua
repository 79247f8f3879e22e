-- Neovim's built-in LSP client (0.7: vim.lsp.start_client) against `node dist/server.js --stdio`:
-- the diagnostics appear, the preferred quick fix applies, and its diagnostic clears.
-- Run by test/nvim/nvim.e2e.ts: nvim --headless -u NONE -n -c 'luafile test/nvim/quickfix.lua'
-- Inputs (environment): ASYNC_LINT_SERVER, ASYNC_LINT_FILE, ASYNC_LINT_ROOT, ASYNC_LINT_LINE (1-based line of the finding to fix).
-- Output: one JSON line on stdout; exit code 0 on success, 1 on failure.

local server = os.getenv("ASYNC_LINT_SERVER")
local file = os.getenv("ASYNC_LINT_FILE")
local root = os.getenv("ASYNC_LINT_ROOT")
local target_line = tonumber(os.getenv("ASYNC_LINT_LINE")) - 1
local TIMEOUT = 30000

local report = { steps = {} }
local function finish(ok, message)
  report.ok = ok
  report.message = message
  io.stdout:write(vim.fn.json_encode(report) .. "\n")
  vim.cmd(ok and "qall!" or "cquit 1")
end
local function step(name, value)
  table.insert(report.steps, name)
  report[name] = value
end

local published = {}
vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(bufnr)

local client_id = vim.lsp.start_client({
  name = "async-lint",
  cmd = { "node", server, "--stdio" },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = "root" } },
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      if result.uri == uri then table.insert(published, result) end
    end,
  },
})
if not client_id then return finish(false, "the server did not start") end
vim.lsp.buf_attach_client(bufnr, client_id)

local function latest() return published[#published] end
local function diagnostic_on(line, diagnostics)
  for _, d in ipairs(diagnostics or {}) do
    if d.range.start.line == line and d.code == "no-blocking-call" then return d end
  end
end

-- 1. Diagnostics appear, in Neovim's own diagnostic list too.
if not vim.wait(TIMEOUT, function() return latest() ~= nil and diagnostic_on(target_line, latest().diagnostics) ~= nil end, 20) then
  return finish(false, "no no-blocking-call diagnostic on line " .. (target_line + 1))
end
local diagnostic = diagnostic_on(target_line, latest().diagnostics)
local shown = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  table.insert(shown, string.format("%d:%d %s %s", d.lnum + 1, d.col + 1, d.source, d.message))
end
step("diagnostics", shown)

-- 2. The preferred quick fix is offered and applied.
local params = {
  textDocument = { uri = uri },
  range = diagnostic.range,
  context = { diagnostics = { diagnostic } },
}
local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, TIMEOUT)
local actions = (responses and responses[client_id] and responses[client_id].result) or {}
local titles, preferred = {}, nil
for _, action in ipairs(actions) do
  table.insert(titles, action.title)
  if action.isPreferred and not preferred then preferred = action end
end
step("actions", titles)
if not preferred then return finish(false, "no preferred quick fix") end
vim.lsp.util.apply_workspace_edit(preferred.edit, "utf-16")
step("fixed_line", vim.api.nvim_buf_get_lines(bufnr, target_line, target_line + 1, false)[1])

-- 3. The diagnostic clears once the server has checked the edited buffer.
local version = vim.lsp.util.buf_versions[bufnr]
local cleared = vim.wait(TIMEOUT, function()
  local last = latest()
  return last.version == version and diagnostic_on(target_line, last.diagnostics) == nil
end, 20)
step("remaining", #latest().diagnostics)
if not cleared then return finish(false, "the diagnostic did not clear") end

vim.lsp.stop_client(client_id)
finish(true, "ok")
