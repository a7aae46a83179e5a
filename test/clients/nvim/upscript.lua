-- upscript-language-server for innovaphone update scripts (*.upscript, update*.htm), Neovim 0.7+.
vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
  pattern = { "*.upscript", "update*.htm" },
  command = "set filetype=upscript", -- `set`, not `setf`: wins over the html detection of *.htm
})

local upscript_client = nil
vim.api.nvim_create_autocmd("FileType", {
  pattern = "upscript",
  callback = function(args)
    if not (upscript_client and vim.lsp.get_client_by_id(upscript_client)) then
      -- The workspace root: the folder of the nearest .upscriptrc.json, else the file's folder.
      local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ":p:h")
      local rc = vim.fn.findfile(".upscriptrc.json", dir .. ";")
      upscript_client = vim.lsp.start_client({
        name = "upscript",
        cmd = { "upscript-language-server", "--stdio" },
        root_dir = rc ~= "" and vim.fn.fnamemodify(rc, ":p:h") or dir,
      })
    end
    if upscript_client then vim.lsp.buf_attach_client(args.buf, upscript_client) end
    vim.bo[args.buf].omnifunc = "v:lua.vim.lsp.omnifunc" -- completion with <C-x><C-o>
  end,
})
