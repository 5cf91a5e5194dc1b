;;; Loaded by test/emacs/emacs.test.ts before eglot.el or lsp-mode.el: `emacs -Q' does not
;;; activate the packages Debian installs (elpa-eglot, elpa-lsp-mode), a normal start does. Then
;;; what a batch run needs and a user does not: no backup or lock files, no prompts, lsp-mode's
;;; session file in the test's directory rather than in HOME.
(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'flymake)
(remove-hook 'flymake-diagnostic-functions 'flymake-proc-legacy-flymake)
(setq make-backup-files nil
      create-lockfiles nil
      ;; No question to a user who is not there (stdin is /dev/null: a prompt fails at once).
      lsp-restart 'ignore
      lsp-session-file (expand-file-name "lsp-session" (getenv "POSTFIX_EMACS_DIR")))
