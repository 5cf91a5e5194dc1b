;;; Run by test/emacs/emacs.test.ts after eglot.el or lsp-mode.el ($POSTFIX_EMACS_CLIENT says
;;; which): opens main.cf and master.cf in $POSTFIX_EMACS_DIR, waits for the language server's
;;; diagnostics, asks for a hover, completes a parameter name, applies a quick fix, writes what
;;; Emacs saw as JSON to $POSTFIX_EMACS_OUT and exits. Batch Emacs has no command loop, so this
;;; file starts the client itself where an interactive Emacs would on the next command or when
;;; idle. Every wait is bounded.
(require 'json)
(require 'subr-x)
(require 'flymake)

(defvar postfix-check-client (getenv "POSTFIX_EMACS_CLIENT"))
(defvar postfix-check-dir (file-name-as-directory (getenv "POSTFIX_EMACS_DIR")))
(defvar postfix-check-errors nil)
(defvar postfix-check-report nil)

(defun postfix-check-add (key value)
  (setq postfix-check-report (append postfix-check-report (list (cons key value)))))

(defun postfix-check-wait (seconds predicate)
  "Wait up to SECONDS for PREDICATE, reading process output. Return its value or nil."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun postfix-check-open (name)
  "Visit NAME in the fixture directory and start the client for it."
  (let ((buffer (find-file-noselect (expand-file-name name postfix-check-dir))))
    (switch-to-buffer buffer)
    (pcase postfix-check-client
      ("eglot" (run-hooks 'post-command-hook))
      ("lsp-mode" (unless (bound-and-true-p lsp-mode) (lsp))))
    (unless (postfix-check-wait 20 (lambda ()
                                     (pcase postfix-check-client
                                       ("eglot" (eglot-current-server))
                                       ("lsp-mode" (bound-and-true-p lsp-mode)))))
      (push (format "%s: no language server within 20 s" name) postfix-check-errors))
    buffer))

(defun postfix-check-flymake-diagnostics ()
  "eglot's diagnostics in the current buffer, from flymake: ((BEG . END) . MESSAGE) each."
  ;; Flymake starts when the buffer is displayed or after a command: neither happens in batch.
  ;; Start it once, never again (a restart loses reports).
  (when (and (bound-and-true-p flymake-mode)
             (null (flymake-running-backends))
             (null (flymake-reporting-backends)))
    (flymake-start))
  (mapcar (lambda (d) (cons (cons (flymake-diagnostic-beg d) (flymake-diagnostic-end d))
                            (flymake-diagnostic-text d)))
          (flymake-diagnostics)))

(defun postfix-check-lsp-mode-diagnostics ()
  "lsp-mode's diagnostics for the current buffer: ((BEG . END) . MESSAGE) each.
Positions come from `lsp--range-to-region', as in lsp-mode's flymake and flycheck backends.
\(lsp-mode 8 hands diagnostics to flymake only in the buffer that is current when they
arrive, so flymake itself is no reliable witness in a batch run.)"
  (mapcar (lambda (d) (cons (lsp--range-to-region (lsp:diagnostic-range d))
                            (lsp:diagnostic-message d)))
          (gethash (lsp--fix-path-casing buffer-file-name) (lsp-diagnostics t))))

(defun postfix-check-diagnostics (buffer)
  "Wait for the diagnostics of BUFFER; return them as alists (1-based lines, 0-based columns in characters)."
  (with-current-buffer buffer
    (let ((diagnostics
           (postfix-check-wait 20 (lambda ()
                                    (pcase postfix-check-client
                                      ("eglot" (postfix-check-flymake-diagnostics))
                                      ("lsp-mode" (postfix-check-lsp-mode-diagnostics)))))))
      (unless diagnostics
        (push (format "%s: no diagnostics within 20 s" (buffer-name)) postfix-check-errors))
      (mapcar (lambda (d)
                (let ((beg (caar d)) (end (cdar d)))
                  `((line . ,(line-number-at-pos beg))
                    (column . ,(- beg (save-excursion (goto-char beg) (line-beginning-position))))
                    (text . ,(buffer-substring-no-properties beg end))
                    (message . ,(cdr d)))))
              diagnostics))))

(defun postfix-check-goto (line text)
  "Put point on the first character of TEXT in LINE (1-based)."
  (goto-char (point-min))
  (forward-line (1- line))
  (search-forward text (line-end-position))
  (goto-char (match-beginning 0)))

(defun postfix-check-hover ()
  "The hover text at point."
  (pcase postfix-check-client
    ("eglot"
     (let ((hover (jsonrpc-request (eglot--current-server-or-lose) :textDocument/hover
                                   (eglot--TextDocumentPositionParams))))
       (plist-get (plist-get hover :contents) :value)))
    ("lsp-mode"
     (let ((hover (lsp-request "textDocument/hover" (lsp--text-document-position-params))))
       (gethash "value" (gethash "contents" hover))))))

(defun postfix-check-complete (label)
  "Choose LABEL among the completions at point, as a completion UI does."
  (pcase-let* ((`(,start ,end ,table . ,props)
                (run-hook-wrapped 'completion-at-point-functions
                                  (lambda (f) (and (functionp f) (funcall f)))))
               (candidate (seq-find (lambda (c) (equal c label))
                                    (all-completions (buffer-substring-no-properties start end) table))))
    (if (not candidate)
        (push (format "no completion %s at point" label) postfix-check-errors)
      (delete-region start end)
      (goto-char start)
      (insert candidate)
      (when-let ((exit (plist-get props :exit-function)))
        (funcall exit candidate 'finished)))))

(defun postfix-check-line ()
  (buffer-substring-no-properties (line-beginning-position) (line-end-position)))

(defun postfix-check-run ()
  ;; lsp-mode asks for the project root of a file outside every known one: tell it beforehand.
  (when (equal postfix-check-client "lsp-mode")
    (require 'lsp-mode)
    (lsp-workspace-folders-add (directory-file-name postfix-check-dir)))
  (let ((main (postfix-check-open "main.cf"))
        (master (postfix-check-open "master.cf")))
    (postfix-check-add 'version (package-version-join
                                 (package-desc-version
                                  (cadr (assq (intern postfix-check-client) package-alist)))))
    (postfix-check-add 'modes (list (buffer-local-value 'major-mode main)
                                    (buffer-local-value 'major-mode master)))
    (postfix-check-add 'main (vconcat (postfix-check-diagnostics main)))
    (postfix-check-add 'master (vconcat (postfix-check-diagnostics master)))
    (with-current-buffer main
      (switch-to-buffer main)
      ;; Hover on a parameter name.
      (postfix-check-goto 2 "smtpd_tls_security_level")
      (forward-char 3)
      (postfix-check-add 'hover (postfix-check-hover))
      ;; Complete a parameter name typed at the end of the file.
      (goto-char (point-max))
      (insert "smtpd_tls_mandatory_ciph")
      (postfix-check-complete "smtpd_tls_mandatory_ciphers")
      (postfix-check-add 'completed (postfix-check-line))
      ;; The quick fix for "$mydomian" (after an emoji: UTF-16 columns).
      (postfix-check-goto 3 "mydomian")
      (forward-char 2)
      (pcase postfix-check-client
        ("eglot" (eglot-code-actions (point) (point) "quickfix" t))
        ("lsp-mode"
         (let ((action (seq-find (lambda (a) (string-prefix-p "Change to" (lsp:code-action-title a)))
                                 (lsp-code-actions-at-point))))
           (if action (lsp-execute-code-action action)
             (push "no \"Change to\" code action" postfix-check-errors)))))
      (postfix-check-add 'fixed (postfix-check-line)))))

(condition-case err
    (postfix-check-run)
  (error (push (format "%S" err) postfix-check-errors)))
(postfix-check-add 'errors (vconcat (reverse postfix-check-errors)))
(with-temp-file (getenv "POSTFIX_EMACS_OUT")
  (insert (json-encode postfix-check-report)))
(kill-emacs 0)
