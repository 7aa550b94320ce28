-- Neovim (0.7+, headless, `-u NONE`) as a second LSP client of dist/server.js, driven by
-- test/vscode/e2e/neovim.e2e.ts through environment variables:
--   CL_SERVER_CMD   JSON array, the server command (node dist/server.js --stdio)
--   CL_ROOT         the workspace root
--   CL_FILE         the file to open, relative to CL_ROOT
--   CL_INIT_OPTIONS JSON, the initializationOptions (`{ "settings": {…} }`), optional
--   CL_EXPECT_COUNT how many of our diagnostics to wait for (0: wait for the first publication)
--   CL_ACTIONS_FOR  the rule id whose diagnostic the code actions are asked for, optional
-- Writes one JSON line to stdout: { diagnostics = [...], actions = [...] }; exits non-zero on a timeout.
-- 0.7 has no vim.lsp.start: start_client + buf_attach_client; no filetype detection with -u NONE,
-- so the filetype (sent as languageId) is set by hand.
local function fail(message)
  io.stderr:write('neovim lsp test: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local root = os.getenv('CL_ROOT')
local init_options = os.getenv('CL_INIT_OPTIONS')
local published = false
local client_id = vim.lsp.start_client({
  name = 'concurrency-lint',
  cmd = vim.fn.json_decode(os.getenv('CL_SERVER_CMD')),
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'root' } },
  -- 0.7 does not answer workspace/configuration: settings go in initializationOptions.
  init_options = init_options and vim.fn.json_decode(init_options) or nil,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      published = true
      return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
    end,
  },
})
if not client_id then fail('the server did not start') end

vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. os.getenv('CL_FILE')))
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = 'javascript'
vim.lsp.buf_attach_client(bufnr, client_id)

local expected = tonumber(os.getenv('CL_EXPECT_COUNT') or '0')
local ok = vim.wait(30000, function()
  if expected == 0 then return published end
  return #vim.diagnostic.get(bufnr) >= expected
end, 50)
if not ok then fail('timed out waiting for diagnostics; got ' .. #vim.diagnostic.get(bufnr)) end

local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(diagnostics, {
    line = d.lnum, col = d.col, end_line = d.end_lnum, end_col = d.end_col,
    severity = d.severity, source = d.source, code = d.code or lsp.code, message = d.message,
    href = lsp.codeDescription and lsp.codeDescription.href or vim.NIL,
  })
end

-- The code actions for the diagnostic of rule CL_ACTIONS_FOR (default: the first diagnostic), as
-- a user's `vim.lsp.buf.code_action()` asks for them.
local actions = {}
local actions_for = os.getenv('CL_ACTIONS_FOR')
local first = nil
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code or ((d.user_data or {}).lsp or {}).code
  if first == nil and (actions_for == nil or code == actions_for) then first = d end
end
if first then
  -- Rebuilt as LSP sends it (0.7 keeps code and data in user_data.lsp, the range in lnum/col).
  local lsp = (first.user_data or {}).lsp or {}
  local range = {
    start = { line = first.lnum, character = first.col },
    ['end'] = { line = first.end_lnum, character = first.end_col },
  }
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = range,
    context = { diagnostics = { {
      range = range, message = first.message, severity = first.severity, source = first.source,
      code = first.code or lsp.code, codeDescription = lsp.codeDescription, data = lsp.data,
    } } },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000) or {}
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do table.insert(actions, action.title) end
  end
end

io.stdout:write(vim.fn.json_encode({ diagnostics = diagnostics, actions = actions }) .. '\n')
vim.lsp.stop_client(client_id)
vim.cmd('qall!')
