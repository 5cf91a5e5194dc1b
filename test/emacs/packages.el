;;; Loaded by test/emacs/emacs.test.ts before eglot.el or lsp-mode.el: `emacs -Q' does not
;;; activate the packages Debian installs (elpa-eglot, elpa-lsp-mode), a normal start does.
(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'flymake)
(remove-hook 'flymake-diagnostic-functions 'flymake-proc-legacy-flymake)
(setq make-backup-files nil
      create-lockfiles nil
      lsp-session-file (expand-file-name "lsp-session" (getenv "POSTFIX_EMACS_DIR")))
