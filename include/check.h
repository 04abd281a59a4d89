/* check.h: the rules that relate records to each other or to as-of (SPEC
 * §4): references between files, dates against each other and against
 * as-of, `by`, file names, goals that build on each other, consent to
 * share. The loader (records.h) only reports each file's own shape; every
 * command runs these rules on what it loaded (cmd_load), so that all of
 * them see the same problems. */
#ifndef CASELOAD_CHECK_H
#define CASELOAD_CHECK_H

#include "records.h"

/* check_caseload: appends to cl->diags every problem between the records
 * of cl, against cl->as_of. */
void check_caseload(struct caseload *cl);

#endif
