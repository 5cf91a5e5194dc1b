;;; The Emacs configuration of README.md ("Other editors") for lsp-mode, as a user would put it
;;; in init.el. test/emacs/emacs.test.ts checks that README.md shows exactly the lines below this
;;; comment, then runs `emacs --batch' with this file; `postfix-language-server' is then a shim
;;; for `node dist/server.js'.
(define-derived-mode postfix-main-mode prog-mode "main.cf"
  "Postfix main.cf."
  (setq-local comment-start "# ")
  (modify-syntax-entry ?# "<")
  (modify-syntax-entry ?\n ">")
  (modify-syntax-entry ?$ ".")
  (setq-local indent-line-function #'ignore))
(define-derived-mode postfix-master-mode postfix-main-mode "master.cf"
  "Postfix master.cf.")
(add-to-list 'auto-mode-alist '("/main\\.cf\\'" . postfix-main-mode))
(add-to-list 'auto-mode-alist '("/master\\.cf\\'" . postfix-master-mode))
(setq lsp-enable-snippet nil          ; completions then insert plain text
      lsp-enable-file-watchers nil)
(with-eval-after-load 'lsp-mode
  (add-to-list 'lsp-language-id-configuration '(postfix-master-mode . "postfix-master"))
  (add-to-list 'lsp-language-id-configuration '(postfix-main-mode . "postfix-main"))
  (lsp-register-client
   (make-lsp-client :new-connection (lsp-stdio-connection '("postfix-language-server" "--stdio"))
                    :activation-fn (lsp-activate-on "postfix-main" "postfix-master")
                    :server-id 'postfix)))
(add-hook 'postfix-main-mode-hook #'lsp-deferred)
