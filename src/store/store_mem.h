/* store_mem: a store held in memory (store_mem.c), for analysis straight from files: the
 * importers put records into it as into a database, the measures read its facts and the
 * rules its children, and nothing is written anywhere. The caller owns the store and
 * frees it with store_close. */
#ifndef HEARTH_STORE_MEM_H
#define HEARTH_STORE_MEM_H

#include "store.h"

/* An empty store in memory. It takes one load (store_begin or store_begin_load, the puts,
 * store_commit); store_load_facts, store_cohort and store_load_child(ren) then work as on a
 * database (the same children, records and order). What it does not hold (counts, casework,
 * anything reached through SQL) is refused. */
HE_MUST_CHECK int store_mem_open(struct store **out, struct err *e);

#endif
