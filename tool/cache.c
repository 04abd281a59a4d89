/* cache.c: the cache files of cache.h. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "write.h"

char *
cache_path(const char *gitdir, const char *name)
{
	if (gitdir) {
		size_t n = strlen(gitdir);
		return xasprintf("%s%scaseload/%s", gitdir, n && gitdir[n - 1] == '/' ? "" : "/", name);
	}
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/caseload/%s", xdg, name);
	return home && *home ? xasprintf("%s/.cache/caseload/%s", home, name) : NULL;
}

int
cache_read(const char *path, struct buf *out)
{
	return path && read_file(path, (size_t)1 << 31, out) == 0 ? 0 : -1;
}

int
cache_write(const char *path, const char *data, size_t len)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	if (!slash)
		return -1;
	char *dir = xstrndup(path, (size_t)(slash - path));
	int r = mkdir_p(AT_FDCWD, dir, 0777, NULL);
	free(dir);
	return r == 0 ? write_replace(path, data, len, 0666) : -1;
}
