/* cmd.h: the faces of the commands. main.c holds the table of commands
 * (name, function, setup flags, help) and runs one; each cmd_<name>.c is a
 * command's face: it parses its options into a struct of its own, asks
 * for the setup its flags declare (session_setup), hands the structs to
 * the rules, the history or the site, prints through cmd_err, and returns
 * its exit code (0, 1 or 2, SPEC §4). Only main calls exit; nothing below
 * the faces sees argv, the terminal or an exit code.
 *
 * cmd.c holds what the faces share: the session's setup, the message
 * helper, --format, colour, loading and checking the records, and the
 * unknown-id message. */
#ifndef CASELOAD_CMD_H
#define CASELOAD_CMD_H

#include <stddef.h>

#include "records.h"
#include "source.h"

/* The setup a command needs, declared in main's table and done once by
 * session_setup, in this order. */
enum {
	NEEDS_CASELOAD = 1 << 0, /* the caseload folder: -C DIR, or found upward */
	READS_RECORDS = 1 << 1,  /* the records' source opened: the working tree, or
	                          * the tree of --at (NEEDS_CASELOAD implied) */
	NEEDS_GIT = 1 << 2,      /* libgit2 started (also whenever --at is given) */
	READS_BODIES = 1 << 3,   /* cmd_load reads note bodies too (build shows them) */
	MAKES_CACHE = 1 << 4,    /* the parse cache is made when there is none (build);
	                          * other commands use it, and keep it up to date,
	                          * only when it is there: making it costs a run
	                          * that reads each file once a good part more */
};

/* The global options, set once in main. */
struct globals {
	const char *dir; /* -C DIR, or NULL */
	const char *at;  /* --at REV, or NULL */
	int as_of;       /* --as-of, or today; with --at and no --as-of, the day of
	                  * its commit (session_setup sets it) */
	int as_of_given; /* --as-of was given */
};

/* A command's view of its run. main fills g, name and flags; session_setup
 * the rest. */
struct session {
	struct globals *g; /* session_setup may set as_of (--at) */
	const char *name;  /* the command, as messages name it: "due" */
	unsigned flags;    /* NEEDS_* and READS_RECORDS */
	char *root;        /* absolute path of the caseload folder (NEEDS_CASELOAD) */
	struct source src; /* the working tree, or the git tree of --at (READS_RECORDS) */
	int src_open;      /* src is open */
	int git_started;   /* libgit2 was started */
	int loaded_all;    /* cmd_load read every record: the parse cache may
	                    * forget the files it did not see */
	int staged;        /* read the records from git's index (check --staged),
	                    * set by the command before session_setup */
};

/* session_setup: does what s->flags ask, once (a second call does
 * nothing): finds the caseload folder, starts libgit2 (the one place that
 * does), opens the source. With --at it says on stderr which commit it
 * reads ("caseload: the records of commit C (DATE)", SPEC §5) and, without
 * --as-of, makes that commit's day as-of. Returns 0, or -1 after a message. */
int session_setup(struct session *s);
/* session_end: undoes session_setup (main calls it after the command). */
void session_end(struct session *s);
/* session_cache_done: writes the parse cache and lets go of it (once), for
 * a command that reads no more records through it. */
void session_cache_done(struct session *s);

/* cmd_err: prints "caseload COMMAND: " and the message and a newline on
 * stderr: the one way a command tells people about itself (SPEC §4:
 * results on stdout, messages about the command on stderr). */
void cmd_err(const struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* cmd_bad_option: the message for an unknown option (arg as given) or one
 * that lacks its value (missing set): "unknown option '-x'; see 'caseload
 * COMMAND --help'" or "-x needs a value". */
void cmd_bad_option(const struct session *s, const char *arg, int missing);

/* cmd_format: the index of arg in names (NULL-terminated: "text", "json"),
 * or -1 after "--format is text or json, not 'arg'". */
int cmd_format(const struct session *s, const char *arg, const char *const *names);
/* cmd_date: reads the date arg of option opt ("--date") into *out. 0, or
 * -1 after "--date '2026-02-30' is not a day on the calendar" (the words
 * of check's bad-date, date_problem). */
int cmd_date(const struct session *s, const char *opt, const char *arg, int *out);
/* cmd_colour: 1 when stdout is a terminal that wants colour: NO_COLOR unset
 * or empty (no-color.org) and TERM not dumb. */
int cmd_colour(void);
struct out_at;
/* cmd_at: with --at, fills *at with the commit read and its day and returns
 * it (for the "at" of JSON output); without, NULL. */
const struct out_at *cmd_at(const struct session *s, struct out_at *at);
/* cmd_flush: flushes stdout. 0, or -1 after "cannot write the output". */
int cmd_flush(const struct session *s);

/* cmd_load: loads the records (only the cases named, when nonly > 0) and
 * runs check's rules on them (check_caseload), so that every command sees
 * the same problems. Returns 0, or -1 after a message (an id that is no
 * case id, an unknown case, a source that cannot be read); cl is then
 * freed. Free cl with caseload_free. */
int cmd_load(struct session *s, struct caseload *cl, char *const *only, size_t nonly);
/* cmd_records_warn: for due, export and audit, one line on stderr when the
 * records have errors ("the records have 1 error, 2 warnings; run 'caseload
 * check' to see them"); warnings alone print nothing (SPEC §4). */
void cmd_records_warn(const struct session *s, const struct caseload *cl);

/* cmd_known_ids: ids[0..n) joined by ", " for a message, the first 20 and
 * then "and N more" ("none yet" for none). The caller frees it. */
char *cmd_known_ids(const char *const *ids, size_t n);
/* cmd_unknown_id: the one message for an id that names nothing:
 * "caseload COMMAND: no WHAT 'ID'; did you mean 'X'? Known: a, b" (without
 * the suggestion when no known id is near). */
void cmd_unknown_id(const struct session *s, const char *what, const char *id,
                    const char *const *ids, size_t n);
/* cmd_case_ids: 0 when each of ids[0..n) is written as a case id may be;
 * else -1 after "'ID' is not a valid case id; ..." (a mistake of the command
 * line: the faces call it before looking for the caseload). */
int cmd_case_ids(const struct session *s, char *const *ids, size_t n);
/* cmd_check_cases: 0 when each of ids[0..n) is a case folder under cases/
 * (looked up before loading, so that only those cases need loading); else
 * -1 after the unknown-id message (or the reason cases/ cannot be read). */
int cmd_check_cases(struct session *s, char *const *ids, size_t n);

/* cmd_check_ids: 0 when each of ids[0..n) is a worker (programs set: a
 * program) of caseload.yaml, or when caseload.yaml did not load; else -1
 * after the unknown-id message. */
int cmd_check_ids(const struct session *s, const struct caseload *cl, char *const *ids, size_t n,
                  int programs);

int cmd_check(struct session *s, int argc, char **argv);
int cmd_due(struct session *s, int argc, char **argv);
int cmd_build(struct session *s, int argc, char **argv);
int cmd_audit(struct session *s, int argc, char **argv);
int cmd_export(struct session *s, int argc, char **argv);
int cmd_init(struct session *s, int argc, char **argv);
int cmd_new(struct session *s, int argc, char **argv);
int cmd_report(struct session *s, int argc, char **argv);
int cmd_digest(struct session *s, int argc, char **argv);

#endif
