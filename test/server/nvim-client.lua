-- Drives the bundled rtcell server from Neovim 0.7 (headless) and writes what a user would see to RTCELL_OUT as JSON.
-- Env: RTCELL_SERVER (path to dist/server.cjs), RTCELL_OUT (result file), RTCELL_HOVER_LINE/COL (0-based),
-- RTCELL_FIX_CODE (diagnostic code whose quick-fix to apply), RTCELL_LENS_LINE/RTCELL_LENS_TITLE (optional: run the
-- code lens whose title starts with this, on that 0-based line, the way a user does: cursor there, :lua
-- vim.lsp.codelens.run(), pick it from the menu).
local out = {}
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(out) }, os.getenv('RTCELL_OUT'))
  vim.cmd('qall!')
end
local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'rtcell'
  -- Published once the server validated the document, even when it has no diagnostic (a clean file).
  local published = false
  local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(...)
    published = true
    return publish(...)
  end
  -- The background simulation's notification (rtcell/observed): what it says, and when.
  local observed = nil
  vim.lsp.handlers['rtcell/observed'] = function(_, result)
    observed = result
  end
  local client_id = vim.lsp.start_client({
    cmd = { 'node', os.getenv('RTCELL_SERVER'), '--stdio' },
    root_dir = vim.fn.getcwd(),
    init_options = { inlayHints = { enabled = true } },
  })
  out.client = client_id ~= nil
  vim.lsp.buf_attach_client(bufnr, client_id)
  local function diags() return vim.diagnostic.get(bufnr) end
  out.published = vim.wait(20000, function() return published end, 50)
  local function summary(list)
    local result = {}
    for _, d in ipairs(list) do
      table.insert(result, { code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), message = d.message, lnum = d.lnum, severity = d.severity })
    end
    return result
  end
  out.diagnostics = summary(diags())
  local uri = vim.uri_from_bufnr(bufnr)
  if os.getenv('RTCELL_WAIT_OBSERVED') then
    out.observed_arrived = vim.wait(30000, function() return observed ~= nil end, 50)
    if observed then out.observed_runs = #observed.runs; out.observed_items = #observed.items; out.observed_version = observed.version end
  end
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
  -- Code lens: what the server advertises, the lenses it shows, and what running one says back.
  local client = vim.lsp.get_client_by_id(client_id)
  local provider = client.server_capabilities.executeCommandProvider
  out.commands = type(provider) == 'table' and provider.commands or {}
  local lens_title = os.getenv('RTCELL_LENS_TITLE')
  if lens_title then
    out.messages = {}
    vim.lsp.handlers['window/showMessage'] = function(_, result) table.insert(out.messages, result.message) end
    vim.notify = function(msg) table.insert(out.messages, 'notify: ' .. tostring(msg)) end
    local lens_line = tonumber(os.getenv('RTCELL_LENS_LINE'))
    vim.lsp.codelens.refresh()
    out.lens_shown = vim.wait(10000, function()
      for _, l in ipairs(vim.lsp.codelens.get(bufnr)) do if l.range.start.line == lens_line then return true end end
      return false
    end, 50)
    out.lenses = {}
    for _, l in ipairs(vim.lsp.codelens.get(bufnr)) do
      if l.range.start.line == lens_line and l.command then table.insert(out.lenses, l.command.title) end
    end
    vim.ui.select = function(items, opts, on_choice)
      for i, item in ipairs(items) do
        local title = opts.format_item and opts.format_item(item) or tostring(item)
        if title:sub(1, #lens_title) == lens_title then return on_choice(item, i) end
      end
      on_choice(nil, nil)
    end
    vim.api.nvim_win_set_cursor(0, { lens_line + 1, 0 })
    vim.lsp.codelens.run()
    out.lens_answered = vim.wait(30000, function() return #out.messages > 0 end, 50)
  end
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
