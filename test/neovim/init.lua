-- The Neovim 0.7+ configuration of README.md ("Other editors"), as a user would put it in
-- init.lua. test/neovim/neovim.test.ts checks that README.md shows exactly the lines below this
-- comment, then runs Neovim with this file; `postfix-language-server` is then a shim for
-- `node dist/server.js`.
vim.api.nvim_create_autocmd({ 'BufNewFile', 'BufRead' }, { pattern = 'master.cf', command = 'setfiletype pfmaster' })
local postfix_client
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'pfmain', 'pfmaster' },
  callback = function(args)
    postfix_client = postfix_client or vim.lsp.start_client({
      name = 'postfix',
      cmd = { 'postfix-language-server', '--stdio' },
      root_dir = vim.fn.fnamemodify(args.file, ':p:h'),
    })
    vim.lsp.buf_attach_client(args.buf, postfix_client)
  end,
})
