/* schemas.h: the JSON Schemas of templates/schemas/, built into the program
 * (make generates $(BUILD)/schemas.c from them) so that `init` can copy them
 * into a new caseload whether or not caseload is installed. */
#ifndef CASELOAD_SCHEMAS_H
#define CASELOAD_SCHEMAS_H

struct schema_file {
	const char *name; /* "case.schema.json" */
	const char *text;
};

/* In file name order; the last entry is {NULL, NULL}. */
extern const struct schema_file schema_files[];

#endif
