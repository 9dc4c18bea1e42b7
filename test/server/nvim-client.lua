-- Drives the bundled rtcell server from Neovim 0.7 (headless) and writes what a user would see to RTCELL_OUT as JSON.
-- Env: RTCELL_SERVER (path to dist/server.cjs), RTCELL_OUT (result file), RTCELL_HOVER_LINE/COL (0-based),
-- RTCELL_FIX_CODE (diagnostic code whose quick-fix to apply).
local out = {}
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(out) }, os.getenv('RTCELL_OUT'))
  vim.cmd('qall!')
end
local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'rtcell'
  local client_id = vim.lsp.start_client({
    cmd = { 'node', os.getenv('RTCELL_SERVER'), '--stdio' },
    root_dir = vim.fn.getcwd(),
    init_options = { inlayHints = { enabled = true } },
  })
  out.client = client_id ~= nil
  vim.lsp.buf_attach_client(bufnr, client_id)
  local function diags() return vim.diagnostic.get(bufnr) end
  out.published = vim.wait(20000, function() return #diags() > 0 end, 50)
  local function summary(list)
    local result = {}
    for _, d in ipairs(list) do
      table.insert(result, { code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), message = d.message, lnum = d.lnum, severity = d.severity })
    end
    return result
  end
  out.diagnostics = summary(diags())
  local uri = vim.uri_from_bufnr(bufnr)
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = tonumber(os.getenv('RTCELL_HOVER_LINE')), character = tonumber(os.getenv('RTCELL_HOVER_COL')) },
  }, 10000)
  for _, r in pairs(hover or {}) do if r.result then out.hover = r.result.contents.value end end
  local last = vim.api.nvim_buf_line_count(bufnr)
  local hints = vim.lsp.buf_request_sync(bufnr, 'textDocument/inlayHint', {
    textDocument = { uri = uri }, range = { start = { line = 0, character = 0 }, ['end'] = { line = last, character = 0 } },
  }, 10000)
  out.hints = {}
  for _, r in pairs(hints or {}) do for _, h in ipairs(r.result or {}) do table.insert(out.hints, { line = h.position.line, label = h.label }) end end
  -- Quick-fix: ask for code actions on the diagnostic, apply the first, wait for new diagnostics.
  local code = os.getenv('RTCELL_FIX_CODE')
  local target
  for _, d in ipairs(diags()) do
    local lsp_d = d.user_data and d.user_data.lsp
    -- Neovim 0.7 keeps the LSP code and data in user_data but the range in lnum/col: rebuild the LSP diagnostic.
    if lsp_d and lsp_d.code == code then
      target = {
        range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
        message = d.message, severity = d.severity, code = lsp_d.code, data = lsp_d.data, source = d.source,
      }
    end
  end
  out.fix_target = target ~= nil
  if target then
    local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
      textDocument = { uri = uri }, range = target.range, context = { diagnostics = { target } },
    }, 20000)
    out.action_errors = {}
    for _, r in pairs(actions or {}) do
      local e = r.err or r.error
      if e then table.insert(out.action_errors, tostring(e.message or e)) end
      local action = (r.result or {})[1]
      if action and action.edit then
        out.fix_title = action.title
        local before = vim.api.nvim_buf_get_changedtick(bufnr)
        vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
        out.applied = vim.api.nvim_buf_get_changedtick(bufnr) ~= before
      end
    end
    local function still()
      for _, d in ipairs(diags()) do
        local lsp_d = d.user_data and d.user_data.lsp
        if lsp_d and lsp_d.code == code then return true end
      end
      return false
    end
    -- The server republishes after the edit; wait until the diagnostic is gone (or time out).
    out.cleared = vim.wait(20000, function() return not still() end, 50)
    out.after = summary(diags())
  end
end)
if not ok then out.error = tostring(err) end
finish()
