-- Neovim 0.7 (headless) as a real LSP client of upscript-language-server.
--
--   PATH=<folder with an upscript-language-server shim>:$PATH UPSCRIPT_FIXTURE=/tmp/x/update-ip232.htm \
--   UPSCRIPT_RESULT=/tmp/x/result.json timeout 60 nvim --headless -n -i NONE --noplugin -u test/clients/nvim/init.lua
--
-- Part 1 loads upscript.lua next to this file: the setup docs/editors.md shows, word for word.
-- Part 2 drives the editor: it opens the fixture, waits for diagnostics, asks for hover and
-- completion, edits the buffer, and writes everything it saw to UPSCRIPT_RESULT as JSON.
-- Exits with `qa!`, or `cq 3` when anything fails.

local fixture = assert(vim.env.UPSCRIPT_FIXTURE, "UPSCRIPT_FIXTURE is not set")
local result_path = assert(vim.env.UPSCRIPT_RESULT, "UPSCRIPT_RESULT is not set")

------------------------------------------------------------------------------------------------
-- Part 1: the setup, with start_client watched to learn the client id and the server's exit
------------------------------------------------------------------------------------------------

local upscript_client_id = nil
local server_exit = nil -- { code, signal } once the server process has ended

local start_client = vim.lsp.start_client
vim.lsp.start_client = function(config)
  config.on_exit = function(code, signal)
    server_exit = { code = code, signal = signal }
  end
  upscript_client_id = start_client(config)
  return upscript_client_id
end
local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
dofile(here .. "/upscript.lua")

------------------------------------------------------------------------------------------------
-- Part 2: the test driver
------------------------------------------------------------------------------------------------

local result = { nvim_version = tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch }
local steps = {}

local function step(name)
  table.insert(steps, name)
  result.steps = steps
end

local function write_result()
  local f = assert(io.open(result_path, "w"))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function diagnostics_of(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, {
      code = d.code,
      line = d.lnum,
      column = d.col,
      end_line = d.end_lnum,
      end_column = d.end_col,
      severity = d.severity,
      source = d.source,
      message = d.message,
    })
  end
  table.sort(out, function(a, b)
    if a.line ~= b.line then return a.line < b.line end
    return a.column < b.column
  end)
  return out
end

-- The one answer of our client to a buf_request_sync, or an error.
local function only_answer(answers, method)
  assert(answers, method .. ": no answer within the timeout")
  local answer = answers[upscript_client_id]
  assert(answer, method .. ": the upscript client did not answer")
  assert(not answer.err, method .. " failed: " .. vim.inspect(answer.err))
  return answer.result
end

local function drive()
  step("edit")
  vim.cmd("edit " .. vim.fn.fnameescape(fixture))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  result.omnifunc = vim.bo[bufnr].omnifunc
  assert(result.filetype == "upscript", "filetype is '" .. result.filetype .. "', not upscript")
  assert(upscript_client_id, "the FileType autocmd did not start the client")

  step("initialize")
  local client = vim.lsp.get_client_by_id(upscript_client_id)
  vim.wait(10000, function() return client.initialized or server_exit ~= nil end, 10)
  assert(client.initialized, "the server did not initialize: " .. (server_exit and ("it exited with " .. vim.inspect(server_exit)) or "no answer within 10 s"))
  result.client_name = client.name
  result.hover_provider = client.server_capabilities.hoverProvider

  step("diagnostics")
  local started = vim.loop.hrtime()
  assert(vim.wait(10000, function() return #vim.diagnostic.get(bufnr) > 0 end, 10), "no diagnostics within 10 s")
  result.first_diagnostics_ms = math.floor((vim.loop.hrtime() - started) / 1e6)
  result.diagnostics = diagnostics_of(bufnr)

  step("hover")
  -- On `prot` in `mod cmd UP0 prot http://…`: the line of the first prot, character 13.
  local prot_line = nil
  for i, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if prot_line == nil and text:match("^mod cmd UP0 prot ") then prot_line = i - 1 end
  end
  assert(prot_line, "the fixture has no `mod cmd UP0 prot` line")
  local hover = only_answer(vim.lsp.buf_request_sync(bufnr, "textDocument/hover", {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = prot_line, character = 13 },
  }, 5000), "hover")
  assert(hover and hover.contents, "hover: empty answer")
  result.hover = { line = prot_line, kind = hover.contents.kind, value = hover.contents.value }

  step("completion")
  -- Type a new last line `mod cmd ` (sent to the server as didChange) and complete after it.
  local last = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, last, last, false, { "mod cmd " })
  local completion = only_answer(vim.lsp.buf_request_sync(bufnr, "textDocument/completion", {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = last, character = 8 },
    context = { triggerKind = 1 },
  }, 5000), "completion")
  local items = completion and (completion.items or completion) or {}
  local labels = {}
  for _, item in ipairs(items) do table.insert(labels, item.label) end
  result.completion = { line = last, labels = labels }

  step("diagnostics after the edit")
  -- The unfinished line is now a syntax error: the server re-checked the edited text.
  assert(vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.lnum == last then return true end
    end
    return false
  end, 10), "no diagnostics for the edited line within 10 s")
  result.diagnostics_after_edit = diagnostics_of(bufnr)

  step("shutdown")
  client.stop()
  assert(vim.wait(5000, function() return server_exit ~= nil end, 10), "the server did not exit within 5 s of shutdown")
  result.server_exit = server_exit
  step("done")
end

local function run()
  local ok, err = xpcall(drive, debug.traceback)
  result.ok = ok
  if not ok then result.error = tostring(err) end
  local written, werr = pcall(write_result)
  if ok and written then
    vim.cmd("qa!")
  else
    if not written then io.stderr:write("cannot write " .. result_path .. ": " .. tostring(werr) .. "\n") end
    io.stderr:write(tostring(err) .. "\n")
    vim.cmd("cq 3")
  end
end

vim.api.nvim_create_autocmd("VimEnter", { once = true, callback = function() vim.schedule(run) end })
