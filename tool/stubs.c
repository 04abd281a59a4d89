/* stubs.c: weak stand-ins for commands still being built, so that the tool
 * links and says so plainly. A module that defines the real function
 * replaces its stub at link time. */
#include <stdio.h>

#include "cmd.h"

static int
not_yet(const char *what)
{
	fprintf(stderr, "caseload: %s is not available in this build yet\n", what);
	return 2;
}

__attribute__((weak)) int
cmd_due(struct session *s, int argc, char **argv)
{
	(void)s, (void)argc, (void)argv;
	return not_yet("due");
}

__attribute__((weak)) int
cmd_build(struct session *s, int argc, char **argv)
{
	(void)s, (void)argc, (void)argv;
	return not_yet("build");
}

__attribute__((weak)) int
cmd_audit(struct session *s, int argc, char **argv)
{
	(void)s, (void)argc, (void)argv;
	return not_yet("audit");
}

__attribute__((weak)) int
cmd_export(struct session *s, int argc, char **argv)
{
	(void)s, (void)argc, (void)argv;
	return not_yet("export");
}

__attribute__((weak)) int
cmd_init(const struct globals *g, int argc, char **argv)
{
	(void)g, (void)argc, (void)argv;
	return not_yet("init");
}

__attribute__((weak)) int
cmd_new(const struct globals *g, int argc, char **argv)
{
	(void)g, (void)argc, (void)argv;
	return not_yet("new");
}

__attribute__((weak)) int
source_git_open(struct source *src, const char *root, const char *rev)
{
	(void)root, (void)rev;
	snprintf(src->err, sizeof(src->err), "--at is not available in this build yet");
	return SRC_EIO;
}
