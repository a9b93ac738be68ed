## `kojo history`: findings by severity at each commit that changed the model.

history-title = kojo history: { $path }
history-no-commits = No commits touch this file.
history-commit = commit
history-date = date (UTC)
history-total = total
history-summary = summary
history-not-assessed = not assessed
history-invalid-model =
    { $count ->
        [one] invalid model, one problem: { $first }
       *[other] invalid model, { $count } problems: { $first }
    }
history-assess-failed = not assessed: { $error }
