;;; The Emacs configuration of README.md ("Other editors") for eglot, as a user would put it in
;;; init.el. test/emacs/emacs.test.ts checks that README.md shows exactly the lines below this
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
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '(((postfix-master-mode :language-id "postfix-master")
                  (postfix-main-mode :language-id "postfix-main"))
                 "postfix-language-server" "--stdio")))
(add-hook 'postfix-main-mode-hook #'eglot-ensure)
