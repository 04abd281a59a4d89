/* write.c: creating files and folders for `init` and `new`, and undoing it. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "write.h"

int
write_new(const char *path, const char *s, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	size_t n = strlen(s), off = 0;
	while (off < n) {
		ssize_t w = write(fd, s + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		off += (size_t)w;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:;
	int e = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	unlink(path);
	errno = e;
	return -1;
}

static int
remove_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(p);
}

int
remove_tree(const char *path)
{
	return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
mkdir_parents(const char *path, char **first)
{
	char *p = xstrdup(path);
	*first = NULL;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) == 0) {
			if (!*first)
				*first = xstrdup(p);
		} else if (errno != EEXIST) {
			int e = errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

char *
path_rel(const char *base, const char *abs)
{
	size_t i = 0, common = 0;
	/* the longest common prefix that ends at a component boundary */
	while (base[i] && base[i] == abs[i]) {
		if (base[i] == '/')
			common = i;
		i++;
	}
	if (base[i] == '\0' && (abs[i] == '/' || abs[i] == '\0'))
		common = i;
	else if (abs[i] == '\0' && base[i] == '/')
		common = i;
	struct buf b = {0};
	for (const char *s = base + common; *s; s++)
		if (*s == '/' && s[1] != '\0')
			buf_puts(&b, b.len ? "/.." : "..");
	const char *rest = abs + common;
	while (*rest == '/')
		rest++;
	if (*rest) {
		if (b.len)
			buf_putc(&b, '/');
		buf_puts(&b, rest);
	}
	if (!b.len)
		buf_putc(&b, '.');
	return buf_detach(&b);
}

char *
path_from_cwd(const char *abs)
{
	char *cwd = getcwd(NULL, 0), *real = cwd ? realpath(cwd, NULL) : NULL;
	free(cwd);
	if (!real)
		return xstrdup(abs);
	char *r = path_rel(real, abs);
	free(real);
	return r;
}
