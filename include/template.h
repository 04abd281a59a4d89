/* template.h: a small mustache-style template engine for the site.
 *
 * A context is a tree of values (struct tv) built from C. Templates are
 * parsed once into a flat array of nodes and rendered by walking it.
 *
 * Tags: {{name}} (HTML-escaped), {{{name}}} or {{& name}} (raw: only a value
 * made with tv_set_raw/tv_push_raw is output unescaped; anything else is
 * still escaped, so a record value can never become HTML), {{#name}}..{{/name}}
 * (section), {{^name}}..{{/name}} (inverted), {{> partial}}, {{! comment}},
 * dotted names a.b.c and {{.}} (the current item). A variable writes a
 * string as is (escaped), an integer in decimal, a bool as true or false,
 * and nothing for null, a list or a map. A name is looked up in the
 * context stack from the innermost value outward; the parts after the first
 * dot are looked up only inside what the first part found. A section, inverted
 * section, partial or comment alone on its line takes the line with it.
 *
 * Sections: a list renders once per item with the item pushed; a map, true,
 * a non-empty string or a non-zero integer renders once with it pushed; null,
 * false, 0, "", an empty list and a missing name render nothing. An inverted
 * section renders exactly when the section would not. */
#ifndef CASELOAD_TEMPLATE_H
#define CASELOAD_TEMPLATE_H

#include <stddef.h>

#include "util.h"

/* ---- context values ---- */

enum tv_type { TV_NULL, TV_STR, TV_RAW, TV_INT, TV_BOOL, TV_LIST, TV_MAP };

struct tv;

/* tv_map, tv_list: a new, empty tree root. Each root owns a small pool that
 * holds every value, key and string set into it, so building a context costs
 * about one malloc per tv_map/tv_list call. The caller frees it with tv_free
 * unless it hands it to tv_set or tv_push. */
struct tv *tv_map(void);
struct tv *tv_list(void);
/* tv_free: frees a root and everything in it, including the roots handed to
 * it with tv_set/tv_push. NULL, or a value that belongs to another tree, is
 * ignored (that tree frees it). */
void tv_free(struct tv *v);

/* Setters on a map. The key and string are copied into the tree. Setting a
 * key again replaces its value (the old one is freed with the tree). A NULL
 * string sets null. Calling these on something that is not a map is a bug
 * and aborts. */
void tv_set_str(struct tv *map, const char *key, const char *val);
void tv_set_strn(struct tv *map, const char *key, const char *val, size_t len);
/* tv_set_raw: HTML the program made itself (rendered Markdown, SVG). */
void tv_set_raw(struct tv *map, const char *key, const char *html);
void tv_set_rawn(struct tv *map, const char *key, const char *html, size_t len);
/* tv_set_fmt: a formatted string (escaped on output like tv_set_str). */
void tv_set_fmt(struct tv *map, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tv_set_int(struct tv *map, const char *key, long n);
void tv_set_bool(struct tv *map, const char *key, int b);
/* tv_set: takes ownership of child, a root from tv_map/tv_list that has no
 * parent yet (anything else aborts); NULL sets null. */
void tv_set(struct tv *map, const char *key, struct tv *child);
/* tv_set_map, tv_set_list: a new empty map or list stored under key; it
 * belongs to map's tree (do not free it). Returns it for filling in. */
struct tv *tv_set_map(struct tv *map, const char *key);
struct tv *tv_set_list(struct tv *map, const char *key);

/* Appenders on a list, with the same rules as the setters. */
void tv_push(struct tv *list, struct tv *child);
void tv_push_str(struct tv *list, const char *val);
void tv_push_raw(struct tv *list, const char *html);
void tv_push_int(struct tv *list, long n);
struct tv *tv_push_map(struct tv *list);
struct tv *tv_push_list(struct tv *list);

/* tv_kind: the type of v (TV_NULL for NULL). */
enum tv_type tv_kind(const struct tv *v);
/* tv_get: the value under key in map, or NULL (also when map is no map).
 * It belongs to map's tree. */
const struct tv *tv_get(const struct tv *map, const char *key);
/* tv_len: the number of items of a list or keys of a map; else 0. */
size_t tv_len(const struct tv *v);

/* ---- templates ---- */

/* Limits. Sections and partials nested deeper than TPL_MAX_DEPTH (in one
 * template when parsing, in all of them together when rendering) are an
 * error, so a recursive partial cannot loop forever. */
#define TPL_MAX_DEPTH 100
#define TPL_MAX_SIZE (16u << 20)           /* bytes of one template */
#define TPL_MAX_STEPS 50000000ul           /* nodes visited by one render */
#define TPL_MAX_OUTPUT ((size_t)256 << 20) /* bytes written by one render */

struct tpl_set;

/* tpl_set_new: an empty set; the caller frees it with tpl_set_free.
 * In the functions below, err may be NULL to drop the messages. */
struct tpl_set *tpl_set_new(void);
/* tpl_add: parses text[0..len) as the template name (letters, digits, '_',
 * '-', '.'); messages name it "name:line: what". Returns 0, or -1 with one
 * message (no newline) appended to err and the set unchanged. */
int tpl_add(struct tpl_set *set, const char *name, const char *text, size_t len, struct buf *err);
/* tpl_link: checks that every partial names a template of the set and that
 * no template includes itself outside any section (which could never end).
 * Returns 0, or -1 with one message per problem, separated by newlines (no
 * newline at the end), appended to err. */
int tpl_link(struct tpl_set *set, struct buf *err);
/* tpl_load_dir: a set of every *.html and *.tpl file in dir, named by the
 * file name without its extension, added and linked. Returns the set (the
 * caller frees it with tpl_set_free), or NULL with messages such as
 * "templates/case.html:12: unclosed section 'goals'" appended to err (one per
 * bad file or link problem, separated by newlines, no newline at the end). */
struct tpl_set *tpl_load_dir(const char *dir, struct buf *err);
/* tpl_has: 1 when the set holds a template called name. */
int tpl_has(const struct tpl_set *set, const char *name);
/* tpl_set_limits: per-render limits on nodes visited and bytes written,
 * 0 for the defaults (TPL_MAX_STEPS, TPL_MAX_OUTPUT). For fuzzing and tests. */
void tpl_set_limits(struct tpl_set *set, unsigned long max_steps, size_t max_output);
/* tpl_render: appends template name rendered with ctx (a map, or NULL) to
 * out. Returns 0; or -1 when there is no such template, or when partials
 * nest deeper than TPL_MAX_DEPTH or a limit is reached (out then holds what
 * was rendered so far). */
int tpl_render(const struct tpl_set *set, const char *name, const struct tv *ctx, struct buf *out);
void tpl_set_free(struct tpl_set *set);

#endif
