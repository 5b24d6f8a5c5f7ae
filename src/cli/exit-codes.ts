/**
 * Exit statuses of `securellm`, the same for every verb so scripts can rely on them. A verb-specific
 * status never reuses 1 (something went wrong) so that "ran and found a problem" and "could not run"
 * stay apart.
 */
export const EXIT_OK = 0;
/** The verb could not do its work (a missing or invalid config, an unreadable file, a failed probe); one line on stderr says why. */
export const EXIT_FAILURE = 1;
/** Usage error: unknown verb or option, a bad option value, a missing argument (commander's message and the help on stderr). */
export const EXIT_USAGE = 2;
/** `security audit`: it ran, and at least one high-severity finding remains. */
export const EXIT_HIGH_FINDINGS = 5;
/** `chat`: the session ended normally, but at least one turn was refused or failed. */
export const EXIT_TURN_FAILED = 3;
/** `audit verify`: the trail was read, and it is broken (edited, deleted, reordered, a bad checkpoint). */
export const EXIT_AUDIT_BROKEN = 4;

/** The table `securellm --help` ends with (and the README repeats). */
export const EXIT_STATUS_HELP = `
Exit status:
  0  success
  1  failure: the verb could not do its work; one line on stderr says why
  2  usage error (unknown verb or option, bad value)
  3  chat: the session ended, but a turn was refused or failed
  4  audit verify: the audit trail is broken (first break on stderr, and in --json)
  5  security audit: at least one high-severity finding

Every verb takes --config PATH (default $CONFIG_PATH, else ./config.toml) and --help.
Colours appear only on a terminal: NO_COLOR=1 turns them off, FORCE_COLOR=1 (or 0) forces them.
Progress for slow steps is shown on stderr only when stderr is a terminal; stdout carries only
the output itself, so --json can be piped.`;
