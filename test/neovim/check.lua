-- Run by test/neovim/neovim.test.ts after init.lua, with the fixture main.cf as the current buffer:
-- waits for the language server's diagnostics, asks for a hover at line $POSTFIX_NVIM_HOVER_LINE
-- (0-based), writes what Neovim received as JSON to $POSTFIX_NVIM_OUT, and quits.
local result = { filetype = vim.bo.filetype, clients = {}, diagnostics = {}, hover = vim.NIL, errors = {} }

local function run()
  local got = vim.wait(30000, function()
    return #vim.diagnostic.get(0) > 0
  end, 50)
  if not got then
    table.insert(result.errors, 'no diagnostics within 30 s')
  end
  for _, client in pairs(vim.lsp.buf_get_clients(0)) do
    table.insert(result.clients, client.name)
  end
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, message = d.message, source = d.source, code = d.code, severity = d.severity })
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = tonumber(vim.env.POSTFIX_NVIM_HOVER_LINE), character = 3 } }
  local responses, err = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 10000)
  if err then
    table.insert(result.errors, 'hover: ' .. tostring(err))
  end
  for _, response in pairs(responses or {}) do
    if response.err then
      table.insert(result.errors, 'hover: ' .. vim.inspect(response.err))
    elseif response.result then
      result.hover = response.result
    end
  end
end

local ok, problem = pcall(run)
if not ok then
  table.insert(result.errors, tostring(problem))
end
local file = assert(io.open(vim.env.POSTFIX_NVIM_OUT, 'w'))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qall!')
