# The command line's own lines (to standard error).
gate-assess-failing =
    { $count ->
        [one] kojo assess: one { -finding } at { $severity } or above counts: failing (--fail-on { $level })
       *[other] kojo assess: { $count } { -finding }s at { $severity } or above count: failing (--fail-on { $level })
    }
gate-diff-failing =
    { $count ->
        [one] kojo diff: one new or raised { -finding } at or above { $severity }: { $ids }
       *[other] kojo diff: { $count } new or raised { -finding }s at or above { $severity }: { $ids }
    }
