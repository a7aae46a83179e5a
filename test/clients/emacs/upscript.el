;; upscript-language-server for innovaphone update scripts (*.upscript, update*.htm), eglot.
(define-derived-mode upscript-mode prog-mode "upscript"
  "Major mode for innovaphone update-server scripts."
  ;; `#' starts a comment only as the first non-blank of a line (`#bn' in a URL is not one).
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "^[ \t]*#+[ \t]*")
  (setq-local comment-use-syntax nil)
  (setq-local font-lock-defaults '((("^[ \t]*#.*" . font-lock-comment-face)))))

(add-to-list 'auto-mode-alist '("\\.upscript\\'" . upscript-mode))
(add-to-list 'auto-mode-alist '("/update[^/]*\\.htm\\'" . upscript-mode))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '(upscript-mode "upscript-language-server" "--stdio")))
(add-hook 'upscript-mode-hook #'eglot-ensure)
