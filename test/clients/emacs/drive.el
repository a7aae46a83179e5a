;;; drive.el --- Emacs + eglot (batch) as a real LSP client of upscript-language-server  -*- lexical-binding: t -*-

;;   HOME=/tmp/x/home PATH=<folder with an upscript-language-server shim>:$PATH \
;;   UPSCRIPT_FIXTURE=/tmp/x/project/update-ip232.htm UPSCRIPT_RESULT=/tmp/x/result.json \
;;   timeout 90 emacs --batch -Q -l test/clients/emacs/drive.el
;;
;; Part 1 loads upscript.el next to this file: the setup docs/editors.md shows, word for word.
;; Part 2 opens the fixture (eglot-ensure connects), waits until flymake holds the server's
;; diagnostics, asks for hover and completion, edits the buffer, and writes what it saw to
;; UPSCRIPT_RESULT as JSON.  Exit code 0 when everything worked, 3 otherwise.

;;; Code:

(defun upscript-test--env (name)
  (or (getenv name) (error "%s is not set" name)))

(defvar upscript-test-fixture (upscript-test--env "UPSCRIPT_FIXTURE"))
(defvar upscript-test-result (upscript-test--env "UPSCRIPT_RESULT"))

;; Nothing of the user's: -Q skips their init files; keep package.el's and eglot's state in the
;; test's folder.
(setq user-emacs-directory (expand-file-name "emacs.d/" (file-name-directory upscript-test-result))
      package-user-dir (expand-file-name "elpa" user-emacs-directory)
      make-backup-files nil
      auto-save-default nil
      create-lockfiles nil)

;; Debian's elpa-eglot (and its elpa-project, elpa-xref) live here; -Q leaves the folder out.
(when (file-directory-p "/usr/share/emacs/site-lisp/elpa")
  (setq package-directory-list '("/usr/share/emacs/site-lisp/elpa")))
(package-initialize)

;; Connect synchronously: batch mode has no command loop to finish an asynchronous connect.
(setq eglot-sync-connect t
      eglot-connect-timeout 20)

;; ---------------------------------------------------------------------------------------------
;; Part 1: the setup
;; ---------------------------------------------------------------------------------------------

(load (expand-file-name "upscript.el" (file-name-directory load-file-name)) nil t)

;; ---------------------------------------------------------------------------------------------
;; Part 2: the test driver
;; ---------------------------------------------------------------------------------------------

(require 'json)
(require 'cl-lib)

(defvar upscript-test-steps nil)
(defun upscript-test-step (name)
  (push name upscript-test-steps)
  (message "drive.el: %s" name))

(defun upscript-test-diagnostics ()
  "The flymake diagnostics of the current buffer: code, 0-based line and column, type, text."
  (let ((out
         (mapcar
          (lambda (d)
            (let* ((beg (flymake-diagnostic-beg d))
                   (end (flymake-diagnostic-end d))
                   (text (flymake-diagnostic-text d))
                   ;; eglot writes "SOURCE [CODE]: MESSAGE"
                   (code (and (string-match "\\`[^ ]+ \\[\\([^]]+\\)\\]: " text) (match-string 1 text))))
              (save-excursion
                (goto-char beg)
                (list (cons 'code code)
                      (cons 'line (1- (line-number-at-pos beg)))
                      (cons 'column (current-column))
                      (cons 'end_column (progn (goto-char end) (current-column)))
                      (cons 'type (symbol-name (flymake-diagnostic-type d)))
                      (cons 'text text)))))
          (flymake-diagnostics))))
    (sort out (lambda (a b)
                (let ((la (alist-get 'line a)) (lb (alist-get 'line b)))
                  (if (/= la lb) (< la lb) (< (alist-get 'column a) (alist-get 'column b))))))))

(defun upscript-test-wait (what predicate seconds)
  "Process input until PREDICATE holds; error after SECONDS."
  (let ((deadline (+ (float-time) seconds)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline)
        (error "Timed out after %s s waiting for %s" seconds what))
      (accept-process-output nil 0.02))))

(defvar upscript-test-output nil)
(defvar upscript-test-server-process nil)

(defun upscript-test-drive ()
  (upscript-test-step "find-file")
  (find-file upscript-test-fixture)
  (push (cons 'major_mode (symbol-name major-mode)) upscript-test-output)
  (unless (eq major-mode 'upscript-mode)
    (error "Major mode is %s, not upscript-mode" major-mode))

  (upscript-test-step "eglot-ensure")
  ;; upscript-mode-hook ran eglot-ensure, which connects when the current command ends: in batch
  ;; no command ends, so run post-command-hook as the command loop would.
  (run-hooks 'post-command-hook)
  (let ((server (eglot-current-server)))
    (unless server (error "eglot did not connect"))
    (setq upscript-test-server-process (jsonrpc--process server))
    (push (cons 'server_name (plist-get (eglot--server-info server) :name)) upscript-test-output)
    (push (cons 'managed (and eglot--managed-mode t)) upscript-test-output)

    (upscript-test-step "diagnostics")
    (let ((started (float-time)))
      ;; flymake-mode defers its first check to the next command, which never comes in batch:
      ;; start it here, then eglot hands each publishDiagnostics to flymake.
      (flymake-start)
      (upscript-test-wait "diagnostics" #'flymake-diagnostics 15)
      (push (cons 'first_diagnostics_ms (round (* 1000 (- (float-time) started)))) upscript-test-output))
    (push (cons 'diagnostics (vconcat (upscript-test-diagnostics))) upscript-test-output)

    (upscript-test-step "hover")
    (goto-char (point-min))
    (re-search-forward "^mod cmd UP0 prot ")
    (goto-char (+ (line-beginning-position) 13))
    (let ((hover (jsonrpc-request server :textDocument/hover
                                  (eglot--TextDocumentPositionParams))))
      (push (cons 'hover (list (cons 'line (1- (line-number-at-pos)))
                               (cons 'value (plist-get (plist-get hover :contents) :value))))
            upscript-test-output))

    (upscript-test-step "completion")
    ;; Type a new last line `mod cmd ' and complete there through eglot's completion-at-point.
    (goto-char (point-max))
    (insert "mod cmd ")
    (let* ((capf (eglot-completion-at-point))
           (table (nth 2 capf))
           (labels (all-completions "" table)))
      (push (cons 'completion (list (cons 'line (1- (line-number-at-pos)))
                                    (cons 'labels (vconcat (mapcar #'substring-no-properties labels)))))
            upscript-test-output))

    (upscript-test-step "diagnostics after the edit")
    ;; The unfinished line is now a syntax error: the server saw the didChange and re-checked.
    (let ((edited (1- (line-number-at-pos))))
      (upscript-test-wait "diagnostics for the edited line"
                          (lambda ()
                            (cl-some (lambda (d) (= (alist-get 'line d) edited)) (upscript-test-diagnostics)))
                          15))
    (push (cons 'diagnostics_after_edit (vconcat (upscript-test-diagnostics))) upscript-test-output)

    (upscript-test-step "shutdown")
    (eglot-shutdown server)
    (upscript-test-wait "the server to exit"
                        (lambda () (not (process-live-p upscript-test-server-process)))
                        5)
    (push (cons 'server_exit (process-exit-status upscript-test-server-process)) upscript-test-output)
    (upscript-test-step "done")))

(let ((ok t))
  (condition-case err
      (upscript-test-drive)
    (error
     (setq ok nil)
     (push (cons 'error (error-message-string err)) upscript-test-output)
     (message "drive.el: failed: %s" (error-message-string err))
     (dolist (b (buffer-list))
       (when (string-match-p "EGLOT.*events" (buffer-name b))
         (push (cons 'events (with-current-buffer b
                               (let ((s (buffer-string)))
                                 (substring s (max 0 (- (length s) 20000))))))
               upscript-test-output)))))
  (push (cons 'ok (if ok t :json-false)) upscript-test-output)
  (push (cons 'steps (vconcat (reverse upscript-test-steps))) upscript-test-output)
  (push (cons 'emacs_version emacs-version) upscript-test-output)
  (push (cons 'eglot_version
              (let ((p (cadr (assq 'eglot package-alist))))
                (if p (package-version-join (package-desc-version p)) "built-in")))
        upscript-test-output)
  (with-temp-file upscript-test-result
    (insert (json-encode upscript-test-output)))
  (kill-emacs (if ok 0 3)))

;;; drive.el ends here
